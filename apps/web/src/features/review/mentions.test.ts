import { describe, expect, it } from "vitest";
import { insertMention, mentionAt, splitMentions, suggestMembers } from "./mentions.ts";

const MEMBERS = ["Mina Park", "Jun Lee", "김민지", "Minho Choi"];

describe("mentions in comments", () => {
  it("finds the name being typed after an @ at the caret", () => {
    expect(mentionAt("Looks good @Mi", 14)).toEqual({ start: 11, query: "Mi" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("ask @Mina Pa", 12)).toEqual({ start: 4, query: "Mina Pa" });
  });

  it("finds a Korean mention even when it follows Korean text directly", () => {
    expect(mentionAt("확인 부탁해요@김", 9)).toEqual({ start: 7, query: "김" });
  });

  it("offers nothing for an e-mail address, text after a line break or no @ at all", () => {
    expect(mentionAt("write to mina@shop.example", 26)).toBeNull();
    expect(mentionAt("@Mina\nthanks", 12)).toBeNull();
    expect(mentionAt("no mention here", 15)).toBeNull();
    expect(mentionAt("@a b c d e", 10)).toBeNull();
  });

  it("looks only at the text before the caret", () => {
    expect(mentionAt("@Jun and more", 4)).toEqual({ start: 0, query: "Jun" });
  });

  it("suggests names that start with the query first, then names with a word that does, ignoring case", () => {
    expect(suggestMembers(MEMBERS, "mi")).toEqual(["Mina Park", "Minho Choi"]);
    expect(suggestMembers(MEMBERS, "lee")).toEqual(["Jun Lee"]);
    expect(suggestMembers(MEMBERS, "김")).toEqual(["김민지"]);
    expect(suggestMembers(MEMBERS, "zz")).toEqual([]);
  });

  it("suggests every member (up to the limit, without duplicates or blanks) for a bare @", () => {
    expect(suggestMembers([...MEMBERS, "Jun Lee", " "], "")).toEqual(MEMBERS);
    expect(suggestMembers(MEMBERS, "", 2)).toEqual(["Mina Park", "Jun Lee"]);
  });

  it("replaces the typed part by the full name and a space, and puts the caret after it", () => {
    expect(insertMention("hi @mi", 3, 6, "Mina Park")).toEqual({ text: "hi @Mina Park ", caret: 14 });
    expect(insertMention("hi @mi please", 3, 6, "Mina Park")).toEqual({ text: "hi @Mina Park please", caret: 14 });
  });

  it("marks known members' mentions in a comment, longest name first and case-insensitively", () => {
    expect(splitMentions("@mina park and @Jun Lee: ok? @nobody", MEMBERS)).toEqual([
      { text: "@mina park", mention: true },
      { text: " and ", mention: false },
      { text: "@Jun Lee", mention: true },
      { text: ": ok? @nobody", mention: false },
    ]);
    expect(splitMentions("@김민지 확인해 주세요", MEMBERS)[0]).toEqual({ text: "@김민지", mention: true });
  });
});
