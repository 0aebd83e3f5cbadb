import type { Network } from "@socialplan/schema";
import { useTranslation } from "react-i18next";
import { NETWORK_COLORS } from "./network-colors.ts";

// A short, recognisable mark per network (the brands' own logos are theirs to license), on the network's colour.
const MARKS: Record<Network, string> = {
  website: "W",
  instagram: "IG",
  facebook: "f",
  x: "X",
  threads: "@",
  bluesky: "bs",
  linkedin: "in",
  tiktok: "TT",
  youtube: "▶",
  pinterest: "P",
  naver_blog: "N",
  kakao: "K",
  mastodon: "M",
  google_business: "G",
  telegram: "TG",
  other: "•",
};

/** A channel's network as a small coloured mark, named for screen readers (the channel's label when given). */
export function NetworkMark({ network, label, size = 16 }: { network: Network; label?: string; size?: number }) {
  const { t } = useTranslation();
  const name = label ?? t(`networks.${network}`);
  return (
    <span
      role="img"
      aria-label={name}
      title={name}
      data-network={network}
      style={{
        display: "inline-flex",
        alignItems: "center",
        justifyContent: "center",
        flex: "none",
        width: size,
        height: size,
        borderRadius: 4,
        background: NETWORK_COLORS[network],
        color: "#fff",
        fontSize: Math.round(size * 0.55),
        fontWeight: 700,
        lineHeight: 1,
        letterSpacing: "-0.02em",
        boxShadow: "0 0 0 1px rgba(255,255,255,.85)",
      }}
    >
      <span aria-hidden>{MARKS[network]}</span>
    </span>
  );
}
