import { exportQuerySchema, STRATEGY_PAGES, strategyDocument, workspaceParamsSchema, type PageKey } from "@socialplan/schema";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppDeps } from "../../context.ts";
import { contentDisposition } from "../../lib/content-disposition.ts";
import { serviceContext } from "../../route-context.ts";
import { listPeople } from "../members/members.service.ts";
import { toDocx } from "./export/docx.ts";
import { toMarkdown } from "./export/markdown.ts";
import { toPdf } from "./export/pdf.ts";
import { getStrategy } from "./strategy.service.ts";

const TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  md: "text/markdown; charset=utf-8",
} as const;

export const strategyExportRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    "/workspaces/:workspaceId/strategy/export",
    { schema: { tags: ["strategy"], params: workspaceParamsSchema, querystring: exportQuerySchema } },
    async (req, reply) => {
      const ctx = serviceContext(deps, req);
      const workspace = req.membership!.workspace;
      const locale = req.query.locale ?? req.locale;
      const pages = req.query.pages ? (req.query.pages.split(",") as PageKey[]) : [...STRATEGY_PAGES];
      const [entries, people] = await Promise.all([getStrategy(ctx, workspace.id), listPeople(ctx, workspace.id)]);
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: workspace.timezone }).format(ctx.now);
      const blocks = strategyDocument({ locale, workspaceName: workspace.name, currency: workspace.currency, entries, members: people.members, pages, today });
      const title = blocks[0]?.type === "title" ? blocks[0].text : workspace.name;
      const body =
        req.query.format === "md" ? toMarkdown(blocks) : req.query.format === "pdf" ? await toPdf(blocks, title) : await toDocx(blocks, title);
      const filename = `strategy-${today}.${req.query.format}`;
      return reply
        .header("content-type", TYPES[req.query.format])
        .header("content-disposition", contentDisposition("attachment", `${workspace.name} ${filename}`, filename))
        .send(body);
    },
  );
};
