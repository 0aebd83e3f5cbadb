// frappe-gantt ships no types; this is the part of its API the roadmap uses.
declare module "frappe-gantt" {
  export default class Gantt {
    constructor(element: HTMLElement, tasks: readonly Record<string, unknown>[], options?: Record<string, unknown>);
    change_view_mode(mode: string | Record<string, unknown>): void;
  }
}

declare module "frappe-gantt.css";
