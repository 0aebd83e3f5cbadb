import type { Card } from "@socialplan/schema";
import { describe, expect, it } from "vitest";
import { addMember, buildUser, buildWorkspace } from "./helpers/factories.ts";
import { addChannel, addPost } from "./helpers/posts.ts";
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

    it("says when a post goes out on the workspace's clock, with the zone named, in the reader's language (west and east of UTC)", async () => {
      const instant = "2026-12-08T00:30:00.000Z";
      const plain = (s: string | undefined) => (s ?? "").replace(/[\u202f\u00a0\u2009]/g, " ");
      // Los Angeles: the evening before, in English.
      const la = await buildWorkspace(env.t.app, await buildUser(env.t.app, { name: "Ann", email: "ann@notify.example", locale: "en" }), { name: "Portland Candles", timezone: "America/Los_Angeles", currency: "USD" });
      const sam = await addMember(env.t.app, la.owner, la.workspace.id, "editor", await buildUser(env.t.app, { name: "Sam" }));
      const laChannel = await addChannel(la.owner, la.workspace.id, "instagram");
      const laPost = await addPost(sam, la.workspace.id, { title: "Gift guide", body: "Gift guide", variants: [{ channelId: laChannel, text: null }], scheduledAt: instant });
      let before = env.smtp.inbox.length;
      expect((await sam.client.post(`/api/workspaces/${la.workspace.id}/posts/${laPost.id}/review`)).statusCode).toBe(200);
      const toAnn = env.smtp.inbox.slice(before).find((m) => JSON.stringify(m.to).includes("ann@notify.example"));
      expect(toAnn?.subject).toBe('Portland Candles: Sam asks you to approve "Gift guide"');
      expect(plain(toAnn?.text)).toContain("Scheduled for Monday, December 7, 2026 at 4:30 PM — America/Los_Angeles (GMT-8)");
      // Seoul: the next morning, in Korean; no UTC time anywhere.
      const seoul = await buildWorkspace(env.t.app, await buildUser(env.t.app, { name: "민지", email: "minji@notify.example", locale: "ko" }), { name: "서울 캔들", timezone: "Asia/Seoul" });
      const jun = await addMember(env.t.app, seoul.owner, seoul.workspace.id, "editor", await buildUser(env.t.app, { name: "준" }));
      const seoulChannel = await addChannel(seoul.owner, seoul.workspace.id, "instagram");
      const seoulPost = await addPost(jun, seoul.workspace.id, { title: "선물 가이드", body: "선물 가이드", variants: [{ channelId: seoulChannel, text: null }], scheduledAt: instant });
      before = env.smtp.inbox.length;
      await jun.client.post(`/api/workspaces/${seoul.workspace.id}/posts/${seoulPost.id}/review`);
      const toMinji = env.smtp.inbox.slice(before).find((m) => JSON.stringify(m.to).includes("minji@notify.example"));
      expect(plain(toMinji?.text)).toMatch(/예약 시각: 2026년 12월 8일 화요일 (오전|AM) 9:30 — Asia\/Seoul \(GMT\+9\)/);
      expect(toMinji?.text).not.toContain("00:30");
    });
  });
}
