/**
 * Exact money arithmetic on decimal strings. Amounts are never floats: 本年收费金额 is entered in 万元
 * with up to 6 decimals (1 万元 = 1,000,000 分) and the 信息处理费 in 元 with up to 2.
 */
/** 本年收费金额（单位：万元）: exact decimal, at most 6 fractional digits (= 分), no separators or units (S-05). */
export const WAN_YUAN_PATTERN = /^(0|[1-9]\d{0,8})(\.\d{1,6})?$/;
/** 信息处理费 in 元: exact decimal, at most 2 fractional digits. */
export const YUAN_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

const FEN_PER_WAN_YUAN = 6;
const FEN_PER_YUAN = 2;

function decimalToScaledInteger(decimal: string, scaleDigits: number): number {
  const [whole = "0", fraction = ""] = decimal.split(".");
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction) || fraction.length > scaleDigits) {
    throw new RangeError(`not a decimal with at most ${scaleDigits} fractional digits: ${decimal}`);
  }
  const value = Number(whole) * 10 ** scaleDigits + Number(fraction.padEnd(scaleDigits, "0"));
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount too large: ${decimal}`);
  return value;
}

export const wanYuanToFen = (amountWanYuan: string): number => decimalToScaledInteger(amountWanYuan, FEN_PER_WAN_YUAN);
export const yuanToFen = (amountYuan: string): number => decimalToScaledInteger(amountYuan, FEN_PER_YUAN);
