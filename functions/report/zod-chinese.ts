// zod/mini: the same global configuration as classic zod, without loading classic zod at cold start.
import { config } from "zod/mini";
import type { core } from "zod";

/**
 * Chinese messages for every zod issue our schemas can raise, so that a clerk reading a 422 sees
 * 「应为非负整数」 rather than zod's English. Installed once, on first import of the schemas.
 */
function chineseMessage(issue: core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "缺少必填字段";
      return `类型错误：应为${typeName(issue.expected)}`;
    case "too_small":
      if (issue.origin === "number") return issue.minimum === 0 ? "应为非负整数" : `不能小于 ${String(issue.minimum)}`;
      if (issue.origin === "string") return "不能为空";
      return `至少需要 ${String(issue.minimum)} 项`;
    case "too_big":
      if (issue.origin === "string") return `长度不能超过 ${String(issue.maximum)} 个字符`;
      return `不能大于 ${String(issue.maximum)}`;
    case "unrecognized_keys":
      return `不允许的字段：${issue.keys.join("、")}`;
    case "invalid_value":
      return `取值无效，应为：${issue.values.map((v) => JSON.stringify(v)).join(" / ")}`;
    case "invalid_format":
      return "格式不正确";
    case "not_multiple_of":
      return "应为整数";
    case "invalid_union":
      return "取值无效";
    default:
      return undefined;
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    number: "数字",
    int: "整数",
    string: "字符串",
    boolean: "布尔值（true/false）",
    object: "对象",
    array: "数组",
  };
  return names[expected] ?? expected;
}

config({ customError: chineseMessage });
