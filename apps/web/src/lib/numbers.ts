/** Reads what a person types or pastes from a spreadsheet: "1,234.50", "₩12,000", "12 000". */
export function parseAmountText(text: string): number | null {
  const cleaned = text.replace(/[^\d.,-]/g, "");
  if (!cleaned) return null;
  // A comma followed by exactly three digits is a thousands separator; otherwise it is a decimal comma.
  const normalised = /,\d{3}(\D|$)/.test(cleaned) || cleaned.includes(".") ? cleaned.replace(/,/g, "") : cleaned.replace(",", ".");
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}
