import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { escapeText, unescapeText, writeCsv, writeCsvRecords } from "../src/lib/csv.ts";

const ATTACKS = ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1,1)", "-2+3", "\t=1+1", "\r=1+1", "  =1+1", "＝1+1", "\0=1"];

describe("the CSV writer of every export", () => {
  it("puts a quote before text that would start a formula, quotes every text cell and doubles quotes inside", () => {
    expect(writeCsv([["=1+1", "-2+3", "@SUM(1,1)", "+1", 'say "hi"', "plain", "a, b"]], { bom: false })).toBe(`"'=1+1","'-2+3","'@SUM(1,1)","'+1","say ""hi""","plain","a, b"`);
    for (const attack of ATTACKS) expect(escapeText(attack)).toBe(`'${attack}`);
    for (const harmless of ["Instagram ads", "'Tis the season", "1-2-3", "a=b", "", "email@example.com"]) expect(escapeText(harmless)).toBe(harmless);
  });

  it("writes numbers as numbers, negative ones included, and figures we formatted as their text", () => {
    expect(writeCsv([[-12.5, 0, 1180.5, { value: -0.125, text: "-12.5 %" }, null, undefined, Number.NaN]], { bom: false })).toBe('-12.5,0,1180.5,"-12.5 %",,,');
  });

  it("writes a byte order mark and CRLF line ends, and records in the columns' order", () => {
    const csv = writeCsvRecords(["b", "a"], [{ a: 1, b: "x" }, { a: 2, b: "y\nz" }]);
    expect(csv).toBe('\uFEFF"b","a"\r\n"x",1\r\n"y\nz",2');
  });

  it("reads back to the original text, escaped or not, after a round trip through a CSV parser", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "'", '"', ",", "\t", "\r", "\n", " ", "a", "1", "＝") })), (texts) => {
        const csv = writeCsv([texts.length ? texts : [""]], { bom: false });
        const [row] = Papa.parse<string[]>(csv, { delimiter: "," }).data;
        expect(row!.map(unescapeText)).toEqual(texts.length ? texts : [""]);
        // Nothing a spreadsheet reads as a formula is left at the start of a cell.
        for (const cell of row!) expect(/^[=+\-@\t\r＝＋－＠]/.test(cell)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it("takes the protective quote off only where the writer would have put it", () => {
    expect(unescapeText("'=1+1")).toBe("=1+1");
    expect(unescapeText("''=1+1")).toBe("'=1+1");
    expect(unescapeText("'Tis the season")).toBe("'Tis the season");
    expect(unescapeText("=1+1")).toBe("=1+1");
  });
});
