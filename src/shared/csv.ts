// CSV as spreadsheets read it (RFC 4180): quote fields holding a comma, quote, CR or LF.
// Cells starting with = + - @ are prefixed with ' so a spreadsheet never runs them as formulas.

export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : String(value)) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | undefined | null)[]): string {
  return values.map(csvField).join(',');
}
