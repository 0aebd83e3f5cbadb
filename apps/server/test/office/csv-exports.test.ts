import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CMD, exportsWithFormulaText, HYPERLINK, MINUS, SUM } from "../helpers/formula-text.ts";
import { createTestApp, type TestApp } from "../helpers/test-app.ts";

interface Cell {
  /** s: a shared string (text), n: a number, str/e: a formula's text or error result, inlineStr: text. */
  type: string;
  formula: string | null;
  text: string;
}

/**
 * Opens a CSV file in LibreOffice as a user's double-click would — comma-separated, UTF-8, formulas evaluated (the
 * filter's default, and the dangerous case) — and saves it as a workbook.
 */
function openInCalc(csv: string, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "socialplan-csv-"));
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, csv, "utf8");
  execFileSync("soffice", [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", path.join(dir, "out"), file], { stdio: "pipe", timeout: 90_000 });
  return path.join(dir, "out", `${name}.xlsx`);
}

const xmlText = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, "&");

/** Every cell of the first sheet, read from the workbook's XML: its type, its formula if any, and its text. */
async function cellsOf(xlsx: string): Promise<Map<string, Cell>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(xlsx));
  const shared = [...((await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1]!.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => xmlText(t[1]!)).join(""));
  const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const cells = new Map<string, Cell>();
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const type = /t="(\w+)"/.exec(m[2]!)?.[1] ?? "n";
    const body = m[3] ?? "";
    const formula = /<f[^>]*>([^<]*)<\/f>/.exec(body)?.[1] ?? (/<f[^>]*\/>/.test(body) ? "" : null);
    const v = xmlText(/<v>([^<]*)<\/v>/.exec(body)?.[1] ?? "");
    const text = type === "s" ? shared[Number(v)]! : type === "inlineStr" ? xmlText(/<t[^>]*>([^<]*)<\/t>/.exec(body)?.[1] ?? "") : v;
    cells.set(m[1]!, { type, formula, text });
  }
  return cells;
}

const formulas = (cells: Map<string, Cell>) => [...cells].filter(([, c]) => c.formula !== null).map(([at, c]) => `${at}: =${c.formula}`);
const textCells = (cells: Map<string, Cell>) => [...cells.values()].filter((c) => c.type === "s" && c.formula === null).map((c) => c.text);

describe("CSV exports opened in LibreOffice Calc show text, never run formulas", () => {
  let t: TestApp;
  let data: Awaited<ReturnType<typeof exportsWithFormulaText>>;
  beforeAll(async () => {
    t = await createTestApp("sqlite");
    data = await exportsWithFormulaText(t.app);
  });
  afterAll(() => t.close());

  it("runs an unescaped formula in a CSV cell (the danger this guards against, with these very settings)", async () => {
    const cells = await cellsOf(openInCalc(`"name"\r\n"=1+1"\r\n"${MINUS}"\r\n`, "control"));
    expect(formulas(cells)).toEqual(["A2: =1+1"]);
    expect(cells.get("A2")!.text).toBe("2");
  });

  // LibreOffice (like Excel) keeps the protective quote of a CSV cell visible: the text shown is ' and then the original.
  it("the calendar export: the post's title, text and campaign are text cells holding the original strings", async () => {
    const cells = await cellsOf(openInCalc(data.csv.posts, "calendar"));
    expect(formulas(cells)).toEqual([]);
    const texts = textCells(cells);
    expect(texts).toContain(`'${HYPERLINK}`);
    expect(texts).toContain(`'${SUM}`);
    expect(texts.some((s) => s.startsWith("'-"))).toBe(true);
  });

  it("the budget export: the line's name is text holding the original string, and the overspend stays the number -12.5", async () => {
    const cells = await cellsOf(openInCalc(data.csv.budget, "budget"));
    expect(formulas(cells)).toEqual([]);
    expect(cells.get("A2")).toEqual({ type: "s", formula: null, text: `'${CMD}` });
    expect(cells.get("G1")!.text).toBe("difference");
    expect(cells.get("G2")).toEqual({ type: "n", formula: null, text: "-12.5" });
    expect(cells.get("E2")).toEqual({ type: "n", formula: null, text: "22.5" });
  });

  it("the report export: answers and the goal's title are text cells holding the original strings", async () => {
    const cells = await cellsOf(openInCalc(data.csv.report, "report"));
    expect(formulas(cells)).toEqual([]);
    const texts = textCells(cells);
    for (const attack of [HYPERLINK, SUM, MINUS, CMD]) expect(texts).toContain(`'${attack}`);
    expect([...cells.values()].some((c) => c.text === "950")).toBe(true);
  });
});
