// A few line icons for the navigation and the post states, drawn here: an icon library would weigh more on the first
// screen than these strings. Each shape is a path, "c cx cy r" (a circle) or "r x y width height" (a rounded box).
const SHAPES = {
  home: ["M3 11l9-8 9 8", "M5 10v10h14V10", "M10 20v-6h4v6"],
  calendar: ["r 3 5 18 16", "M3 10h18", "M8 3v4", "M16 3v4"],
  board: ["r 3 4 18 16", "M9 4v16", "M15 4v9"],
  chart: ["M3 20h18", "M5 16l4-5 4 3 6-8"],
  wallet: ["r 3 6 18 14", "M3 10h18", "M15 15h2"],
  review: ["M9 11l3 3 8-8", "M20 12v6a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h9"],
  compass: ["c 12 12 9", "M16 8l-2 6-6 2 2-6z"],
  roadmap: ["M4 6h9", "M8 12h12", "M6 18h8"],
  report: ["M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z", "M14 3v5h5", "M9 13h6", "M9 17h6"],
  checklist: ["M10 6h10", "M10 12h10", "M10 18h10", "M4 6l1.5 1.5L8 5", "M4 12l1.5 1.5L8 11", "M4 18l1.5 1.5L8 17"],
  photo: ["r 3 4 18 16", "c 9 10 2", "M21 16l-5-5-9 9"],
  tool: ["M14.7 6.3a4 4 0 0 0-5.4 5.4L3 18l3 3 6.3-6.3a4 4 0 0 0 5.4-5.4l-2.5 2.5-2.4-.6-.6-2.4z"],
  users: ["c 9 8 3", "M3 20a6 6 0 0 1 12 0", "M16 5a3 3 0 0 1 0 6", "M21 20a6 6 0 0 0-3.5-5.5"],
  userPlus: ["c 9 8 3", "M3 20a6 6 0 0 1 12 0", "M19 8v6", "M16 11h6"],
  settings: ["M4 6h9", "M17 6h3", "c 15 6 2", "M4 12h3", "M11 12h9", "c 9 12 2", "M4 18h11", "M19 18h1", "c 17 18 2"],
  user: ["c 12 8 4", "M4 21a8 8 0 0 1 16 0"],
  bulb: ["M9 18h6", "M10 21h4", "M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2.1h5c0-.9.4-1.6 1-2.1A6 6 0 0 0 12 3z"],
  pencil: ["M4 20h4L19 9l-4-4L4 16z"],
  eye: ["M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z", "c 12 12 3"],
  check: ["M5 12l5 5L20 7"],
  clock: ["c 12 12 9", "M12 7v5l3 2"],
  send: ["M22 2L11 13", "M22 2l-7 20-4-9-9-4z"],
  done: ["c 12 12 9", "M8 12l3 3 5-6"],
  failed: ["c 12 12 9", "M9 9l6 6", "M15 9l-6 6"],
  alert: ["M12 3L2 21h20z", "M12 10v4", "M12 17v.01"],
  open: ["c 12 12 9"],
  chevronDown: ["M6 9l6 6 6-6"],
  chevronUp: ["M6 15l6-6 6 6"],
} as const;
export type IconName = keyof typeof SHAPES;

function shape(spec: string, key: number) {
  const [kind, ...n] = spec.split(" ");
  if (kind === "c") return <circle key={key} cx={n[0]} cy={n[1]} r={n[2]} />;
  if (kind === "r") return <rect key={key} x={n[0]} y={n[1]} width={n[2]} height={n[3]} rx="2" />;
  return <path key={key} d={spec} />;
}

/** A line icon beside a word (it says nothing on its own: aria-hidden). */
export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" style={{ flex: "none" }}>
      {SHAPES[name].map(shape)}
    </svg>
  );
}
