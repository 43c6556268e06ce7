import { describe, expect, it } from "vitest";
import { currentReportYear, isLate, localDate } from "../../functions/report/deadline";

describe("localDate", () => {
  // 2025-01-31T16:30Z is 1 February 00:30 in Shanghai and still 31 January in UTC and New York.
  const instant = new Date("2025-01-31T16:30:00Z");

  it("gives the calendar day in the zone asked for, each zone with its own kept formatter", () => {
    expect(localDate(instant, "Asia/Shanghai")).toBe("2025-02-01");
    expect(localDate(instant, "UTC")).toBe("2025-01-31");
    expect(localDate(instant, "America/New_York")).toBe("2025-01-31");
    // Asked again, in another order: the kept formatters do not leak into each other.
    expect(localDate(instant, "UTC")).toBe("2025-01-31");
    expect(localDate(instant, "Asia/Shanghai")).toBe("2025-02-01");
    expect(localDate(instant)).toBe("2025-02-01");
  });

  it("refuses an unknown zone every time (nothing is kept for it)", () => {
    expect(() => localDate(instant, "Mars/Olympus")).toThrow(RangeError);
    expect(() => localDate(instant, "Mars/Olympus")).toThrow(RangeError);
  });

  it("drives the reporting year and lateness in the county's zone", () => {
    expect(currentReportYear(new Date("2025-12-31T16:30:00Z"), "Asia/Shanghai")).toBe(2025);
    expect(currentReportYear(new Date("2025-12-31T16:30:00Z"), "UTC")).toBe(2024);
    const deadlines = { countyGovernment: "03-31", countyDepartment: "01-31", town: "01-31", subdistrict: "01-31" };
    expect(isLate("town", 2024, deadlines, instant, "Asia/Shanghai")).toBe(true);
    expect(isLate("town", 2024, deadlines, instant, "UTC")).toBe(false);
  });
});
