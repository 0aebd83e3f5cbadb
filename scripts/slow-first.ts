import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * A vitest sequencer that starts the given files first, in the given order (the slowest first), then the others as
 * vitest orders them. With several files at a time, a long file started last would otherwise run alone at the end
 * while the other workers sit idle; CI has no vitest cache to learn the durations from.
 */
export function slowFirst(files: string[]) {
  return class SlowFirst extends BaseSequencer {
    override async sort(specs: TestSpecification[]): Promise<TestSpecification[]> {
      const sorted = await super.sort(specs);
      const rank = (s: TestSpecification) => {
        const i = files.findIndex((f) => s.moduleId.replaceAll("\\", "/").endsWith(`/${f}`));
        return i === -1 ? files.length : i;
      };
      return [...sorted].sort((a, b) => rank(a) - rank(b));
    }
  };
}
