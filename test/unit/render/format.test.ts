import { describe, expect, it } from "vitest";
import { chineseDate, formatCount, shanghaiChineseDate, shanghaiIsoDate } from "../../../functions/report/render/format";

describe("dates and numbers", () => {
  it("writes dates the Chinese way without leading zeros", () => {
    expect(chineseDate("2024-01-01")).toBe("2024年1月1日");
    expect(chineseDate("2024-12-31")).toBe("2024年12月31日");
  });

  it("shows an instant as its Asia/Shanghai calendar date", () => {
    expect(shanghaiIsoDate("2025-01-19T15:59:59Z")).toBe("2025-01-19");
    expect(shanghaiIsoDate("2025-01-19T16:00:00Z")).toBe("2025-01-20");
    expect(shanghaiChineseDate("2025-01-20T08:00:00+08:00")).toBe("2025年1月20日");
    expect(() => shanghaiIsoDate("not a date")).toThrow(RangeError);
  });

  it("writes counts as plain digits, 0 as 0, and refuses non-integers", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(11398889)).toBe("11398889");
    expect(() => formatCount(1.5)).toThrow(RangeError);
  });
});
