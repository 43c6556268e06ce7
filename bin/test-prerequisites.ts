import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * `npm test` runs this first. The browser tests need Debian's Chromium and CJK fonts (without them
 * Chinese renders as tofu), and DynamoDB Local's loopback launcher is compiled with the JDK's javac
 * (bin/local-stack.ts), and the Word/PDF edition tests read PDFs back with poppler (pdftotext,
 * pdffonts, pdfinfo); on a fresh machine of this kind, where we are root, install them once.
 */
const CHROMIUM = "/usr/bin/chromium";
const JAVAC = "/usr/bin/javac";
const PDFTOTEXT = "/usr/bin/pdftotext";

function hasChineseFont(): boolean {
  try {
    return execSync("fc-list :lang=zh family", { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false;
  }
}

if (!existsSync(CHROMIUM) || !hasChineseFont() || !existsSync(JAVAC) || !existsSync(PDFTOTEXT)) {
  const install = "apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk openjdk-17-jdk-headless poppler-utils";
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log(`测试需要 Chromium、中文字体、JDK（javac）与 poppler-utils，正在安装：${install}`);
    execSync(install, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.error(`测试需要 Chromium、中文字体、JDK（javac）与 poppler-utils。请先运行：\n  sudo sh -c '${install}'`);
    process.exit(1);
  }
}
