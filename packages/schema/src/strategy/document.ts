import { formatMoney, margin } from "@socialplan/domain";
import { formatDay } from "../dates-format.ts";
import { translate } from "../i18n/translate.ts";
import type { Locale } from "../locale.ts";
import type { Member } from "../workspace.ts";
import type { Entry } from "./api.ts";
import { CATALOG, PAGE_TITLES, STRATEGY_PAGES, type PageKey, type Question } from "./catalog.ts";
import type { ChannelData, CompetitorData, GoalData, InitiativeData } from "./types.ts";

/** A format-neutral document: the exporters (Markdown, PDF, DOCX) each render these blocks. */
export type Block =
  | { type: "title"; text: string }
  | { type: "heading"; level: 1 | 2 | 3; text: string }
  | { type: "paragraph"; text: string; muted?: boolean }
  | { type: "answer"; question: string; answer: string | string[] }
  | { type: "table"; columns: string[]; rows: string[][] };

export interface ExportInput {
  locale: Locale;
  workspaceName: string;
  currency: string;
  entries: readonly Entry[];
  members: readonly Member[];
  pages: readonly PageKey[];
  /** The day of the export in the workspace's zone, "2026-12-07". */
  today: string;
}

/** The strategy as blocks, page by page in the guide's order, worded from the question catalog. */
export function strategyDocument(input: ExportInput): Block[] {
  const { locale } = input;
  const tr = (key: string, params: Record<string, string | number> = {}) => translate(locale, key, params);
  const intl = locale === "ko" ? "ko-KR" : "en-GB";
  const money = (amount: number) => formatMoney({ amount, currency: input.currency }, intl);
  const number = (n: number) => new Intl.NumberFormat(intl).format(n);
  // Calendar days in words ("7 Dec 2026", "2026. 12. 7."), never as ISO strings in prose.
  const day = (d: string) => formatDay(intl, d);
  const percent = (n: number | null) => (n === null ? "—" : `${new Intl.NumberFormat(intl, { maximumFractionDigits: 2 }).format(n)} %`);
  const of = (kind: string) => input.entries.filter((e) => e.kind === kind);
  const section = (kind: string) => of(kind)[0]?.data ?? {};
  const label = (q: Question) => q[locale].label;
  const pageTitle = (p: PageKey) => PAGE_TITLES[p][locale];
  const channelName = (id: string) => {
    const c = input.entries.find((e) => e.id === id)?.data as ChannelData | undefined;
    return c ? [c.network ? tr(`networks.${c.network}`) : "", c.handle ?? ""].filter(Boolean).join(" ") : "";
  };

  const format = (q: Question, value: unknown): string | string[] | null => {
    if (value === undefined || value === null || value === "") return null;
    switch (q.input) {
      case "list":
      case "contentTypes":
        return (value as string[]).length ? (value as string[]) : null;
      case "yesno": {
        const v = value as { answer: string | null; note?: string };
        if (!v.answer) return null;
        return [tr(`export.${v.answer}`), v.note].filter(Boolean).join(" — ");
      }
      case "choice":
        return tr(`export.${String(value)}`);
      case "networks":
        return (value as string[]).map((n) => tr(`networks.${n}`)).join(", ") || null;
      case "money":
        return money(value as number);
      case "percent":
        return percent(value as number);
      case "holidays":
        return (value as { name: string; date: string }[]).map((h) => `${day(h.date)} — ${h.name}`);
      case "flag":
        return tr(value ? "export.yes" : "export.no");
      case "number":
        return number(value as number);
      default:
        return typeof value === "string" ? value : null;
    }
  };
  const answer = (q: Question, value: unknown): Block => ({ type: "answer", question: label(q), answer: format(q, value) ?? tr("export.not_answered") });
  const questionsOf = (page: PageKey, kind: string) => CATALOG.filter((q) => q.page === page && "kind" in q.store && q.store.kind === kind);
  const field = (q: Question) => ("field" in q.store ? q.store.field : "");

  const blocks: Block[] = [
    { type: "title", text: `${input.workspaceName} — ${tr("export.title")}` },
    { type: "paragraph", text: tr("export.generated", { date: formatDay(intl, input.today, "long") }), muted: true },
  ];
  if (input.entries.some((e) => e.example)) blocks.push({ type: "paragraph", text: tr("export.example_note"), muted: true });

  const initiativeTable = (items: readonly Entry[]): Block => ({
    type: "table",
    columns: [tr("export.initiatives"), label(CATALOG.find((q) => q.id === "initiative.timeline")!), label(CATALOG.find((q) => q.id === "initiative.measure")!), tr("export.status")],
    rows: items.map((i) => {
      const d = i.data as InitiativeData;
      return [d.action ?? "", d.timeline?.start && d.timeline.end ? tr("export.timeframe", { start: day(d.timeline.start), deadline: day(d.timeline.end) }) : "", d.measure ?? "", d.status ? tr(`export.status_${d.status}`) : ""];
    }),
  });

  const renderers: Record<PageKey, () => void> = {
    outline: () => {
      for (const q of questionsOf("outline", "outline")) {
        const own = section("outline")[field(q)];
        const pointers = (q.answeredBy ?? []).map(pageTitle).join(", ");
        blocks.push({ type: "answer", question: label(q), answer: format(q, own) ?? tr("export.see", { pages: pointers }) });
      }
    },
    reviews: () => {
      for (const r of of("review")) {
        blocks.push({ type: "heading", level: 3, text: typeof r.data.date === "string" ? formatDay(intl, r.data.date, "long") : "" });
        for (const q of questionsOf("reviews", "review")) blocks.push(answer(q, r.data[field(q)]));
      }
    },
    company: () => questionsOf("company", "company").forEach((q) => blocks.push(answer(q, section("company")[field(q)]))),
    mission: () => questionsOf("mission", "mission").forEach((q) => blocks.push(answer(q, section("mission")[field(q)]))),
    people: () => {
      for (const q of CATALOG.filter((c) => c.page === "people")) {
        const wearers = input.members.filter((m) => (m.hats as readonly string[]).includes(q.id)).map((m) => m.name);
        blocks.push({ type: "answer", question: label(q), answer: wearers.length ? wearers.join(", ") : tr("export.hats_nobody") });
      }
    },
    swot: () => questionsOf("swot", "swot").forEach((q) => blocks.push(answer(q, section("swot")[field(q)]))),
    goals: () => {
      for (const g of of("goal")) {
        const d = g.data as GoalData;
        blocks.push({ type: "heading", level: 3, text: d.title || d.specific || "" });
        for (const q of questionsOf("goals", "goal")) {
          if (q.input === "kpi") {
            const k = d.measurable;
            const text =
              k?.metric && k.baseline !== undefined && k.target !== undefined
                ? [tr("export.kpi", { metric: k.metric, baseline: number(k.baseline), target: number(k.target), unit: k.unit ? ` ${k.unit}` : "" }), k.channels?.length ? tr("export.on_channels", { channels: k.channels.map(channelName).join(", ") }) : ""].filter(Boolean).join(" ")
                : null;
            blocks.push({ type: "answer", question: label(q), answer: text ?? tr("export.not_answered") });
          } else if (q.input === "timeframe") {
            const t = d.timebound;
            blocks.push({ type: "answer", question: label(q), answer: t?.start && t.deadline ? tr("export.timeframe", { start: day(t.start), deadline: day(t.deadline) }) : tr("export.not_answered") });
            if (t?.checkpoints?.length) blocks.push({ type: "table", columns: [tr("export.date"), tr("export.target")], rows: t.checkpoints.map((c) => [day(c.date), number(c.target)]) });
          } else blocks.push(answer(q, g.data[field(q)]));
        }
        const initiatives = of("initiative").filter((i) => i.parentId === g.id);
        if (initiatives.length && !input.pages.includes("initiatives")) blocks.push(initiativeTable(initiatives));
      }
    },
    initiatives: () => {
      for (const g of of("goal")) {
        const items = of("initiative").filter((i) => i.parentId === g.id);
        if (!items.length) continue;
        blocks.push({ type: "heading", level: 3, text: (g.data as GoalData).title || (g.data as GoalData).specific || "" });
        for (const i of items) {
          blocks.push({ type: "paragraph", text: (i.data as InitiativeData).action ?? "" });
          for (const q of questionsOf("initiatives", "initiative").filter((q) => q.id !== "initiative.action")) {
            const v = i.data[field(q)];
            if (q.input === "daterange") {
              const r = v as { start?: string; end?: string } | undefined;
              blocks.push({ type: "answer", question: label(q), answer: r?.start && r.end ? tr("export.timeframe", { start: day(r.start), deadline: day(r.end) }) : tr("export.not_answered") });
            } else blocks.push(answer(q, v));
          }
        }
      }
    },
    market: () => {
      for (const kind of ["geo", "industry"]) questionsOf("market", kind).forEach((q) => blocks.push(answer(q, section(kind)[field(q)])));
    },
    personas: () => {
      for (const p of of("persona")) {
        blocks.push({ type: "heading", level: 3, text: String(p.data.name ?? "") });
        if (p.data.negative) blocks.push({ type: "paragraph", text: tr("export.negative_persona"), muted: true });
        questionsOf("personas", "persona").filter((q) => q.id !== "persona.name").forEach((q) => blocks.push(answer(q, p.data[field(q)])));
      }
    },
    competitors: () => {
      const swotQuestions = questionsOf("swot", "swot");
      for (const c of of("competitor")) {
        const d = c.data as CompetitorData;
        blocks.push({ type: "heading", level: 3, text: d.name ?? "" });
        blocks.push(answer(CATALOG.find((q) => q.id === "competitor.overview")!, d.overview));
        if (d.channel_stats?.length) {
          blocks.push({
            type: "table",
            columns: [tr("export.date"), tr("export.channel"), tr("export.followers"), tr("export.avg_likes"), tr("export.shares"), tr("export.comments")],
            rows: d.channel_stats.map((s) => [day(s.date), tr(`networks.${s.channel}`), ...[s.followers, s.avg_likes, s.shares, s.comments].map((n) => (n === undefined ? "" : number(n)))]),
          });
        }
        for (const q of swotQuestions) blocks.push(answer(q, d.swot?.[field(q) as keyof NonNullable<CompetitorData["swot"]>]));
      }
    },
    products: () => {
      for (const p of of("product")) {
        blocks.push({ type: "heading", level: 3, text: String(p.data.name ?? "") });
        for (const q of CATALOG.filter((c) => c.page === "products")) {
          if (q.input === "margin") {
            const cost = (p.data.margin as { unit_cost?: number } | undefined)?.unit_cost;
            const price = p.data.price as number | undefined;
            if (cost === undefined || price === undefined) blocks.push({ type: "answer", question: label(q), answer: tr("export.not_answered") });
            else {
              const m = margin(price, cost);
              blocks.push({ type: "answer", question: label(q), answer: tr("export.margin_figures", { cost: money(cost), profit: money(m.profitMinor), margin: percent(m.marginPercent), markup: percent(m.markupPercent) }) });
            }
          } else blocks.push(answer(q, p.data[field(q)]));
        }
      }
    },
    distribution: () => questionsOf("distribution", "distribution").forEach((q) => blocks.push(answer(q, section("distribution")[field(q)]))),
    journey: () => questionsOf("journey", "journey").forEach((q) => blocks.push(answer(q, section("journey")[field(q)]))),
    channels: () => {
      for (const c of of("channel")) {
        const d = c.data as ChannelData;
        blocks.push({ type: "heading", level: 3, text: channelName(c.id) });
        const purpose = CATALOG.find((q) => q.id === (d.network === "website" ? "channels.website" : "channels.profile_purpose"))!;
        blocks.push(answer(purpose, d.purpose));
        const facts: string[] = [];
        if (d.main_sales) facts.push(tr("export.main_sales"));
        if (d.support) facts.push(tr("export.support"));
        if (d.ad_priority !== undefined) facts.push(`${tr("export.ad_priority")}: ${d.ad_priority}`);
        if (d.posts_per_week !== undefined) facts.push(`${tr("export.posts_per_week")}: ${number(d.posts_per_week)}`);
        if (facts.length) blocks.push({ type: "paragraph", text: facts.join(" · ") });
        blocks.push(answer(CATALOG.find((q) => q.id === "channels.content")!, d.content_types));
        if (d.kpis?.length) blocks.push({ type: "answer", question: tr("export.kpis"), answer: d.kpis });
      }
    },
    budget: () => {},
    execution: () => {},
    tools: () => {},
  };

  for (const page of STRATEGY_PAGES.filter((p) => input.pages.includes(p))) {
    blocks.push({ type: "heading", level: 2, text: `${PAGE_TITLES[page].guide}. ${pageTitle(page)}` });
    renderers[page]();
  }
  return blocks;
}
