// A part of a language's messages (en.json or ko.json), made by the messages plugin in vite.config.ts:
// "virtual:messages/<locale>/first" holds FIRST_SCREEN_KEYS, "virtual:messages/<locale>/later" the rest.
declare module "virtual:messages/*" {
  const messages: Record<string, unknown>;
  export default messages;
}
