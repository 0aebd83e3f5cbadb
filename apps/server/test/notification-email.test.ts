import type { Card } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { useAppWithSmtp } from "./helpers/smtp.ts";
import { DIALECTS } from "./helpers/test-app.ts";

for (const dialect of DIALECTS) {
  describe(`notifications by email [${dialect}]`, () => {
    const env = useAppWithSmtp(dialect);

    it("emails an assignment and a mention to the member, in their language, with a link to the board", async () => {
      const { owner, workspace } = await buildWorkspace(env.t.app, await buildUser(env.t.app, { name: "Mina" }), { name: "Candle Shop" });
      const jisoo = await addMember(env.t.app, owner, workspace.id, "editor", await buildUser(env.t.app, { name: "지수", locale: "ko", email: "jisoo@notify.example" }));
      const base = `/api/workspaces/${workspace.id}`;
      const member = (await owner.client.get(`${base}/members`)).json().members.find((x: { name: string }) => x.name === "지수");
      const before = env.smtp.inbox.length;
      const card = (await owner.client.post(`${base}/board/cards`, { title: "Reel", assigneeIds: [member.id] })).json().cards[0] as Card;
      await owner.client.post(`${base}/board/cards/${card.id}/comments`, { body: "@지수 music?" });
      const mails = env.smtp.inbox.slice(before).filter((m) => JSON.stringify(m.to).includes("jisoo@notify.example"));
      expect(mails.map((m) => m.subject)).toEqual(['Candle Shop: Mina 님이 "Reel"에 배정했습니다', 'Candle Shop: Mina 님이 "Reel"에서 언급했습니다']);
      expect(mails[0]!.text).toContain(`/w/${workspace.id}/board`);
      // Nobody is emailed about their own action.
      expect(env.smtp.inbox.slice(before).some((m) => JSON.stringify(m.to).includes(owner.email))).toBe(false);
      expect(jisoo.email).toBe("jisoo@notify.example");
    });
  });
}
