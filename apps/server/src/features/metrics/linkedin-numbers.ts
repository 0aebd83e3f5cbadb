import type { FlowCall } from "../oauth/flows/types.ts";
import { LINKEDIN_REST, linkedin, restli, restliList } from "../publishing/adapters/linkedin-api.ts";
import { PublishError } from "../publishing/adapters/types.ts";
import { optional, stopFor, type AccountReading, type Numbers, type NumbersReader, type RemotePost } from "./numbers-reader.ts";

/**
 * LinkedIn's numbers, as far as LinkedIn lets an app read them:
 *
 * Organization pages (Community Management API):
 * - posts: `GET /rest/posts?q=author&author={org}&sortBy=CREATED` (r_organization_social),
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
 * - per post: `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={org}
 *   &shares=List(…)&ugcPosts=List(…)` (rw_organization_admin) → `totalShareStatistics`: impressionCount →
 *   impressions, uniqueImpressionsCount → reach, clickCount → link_clicks (LinkedIn counts clicks on the post,
 *   the page's name or logo), likeCount → likes, commentCount → comments, shareCount → shares. Lifetime numbers,
 *   organic only, posts of the last 12 months:
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics
 * - followers: `GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER` → firstDegreeSize,
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
 *
 * A member's own profile:
 * - the member's post list needs r_member_social, which LinkedIn grants to approved partners only: posts made
 *   outside Socialplan are not imported, and our own posts are known by the URN their delivery recorded.
 * - per post: `GET /rest/memberCreatorPostAnalytics?q=entity&entity=(share:{urn})&queryType=…&aggregation=TOTAL`
 *   (r_member_postAnalytics): IMPRESSION, MEMBERS_REACHED, REACTION, COMMENT, RESHARE,
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics
 *   A token without that permission (403) gives no numbers; nothing else is read for the post.
 * - followers: not read (the member follower count needs another permission LinkedIn does not grant to this use).
 */

interface FeedPost {
  id: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
  lifecycleState?: string;
  content?: { media?: { id?: string }; multiImage?: unknown; article?: unknown };
}

interface ShareStatistics {
  share?: string;
  ugcPost?: string;
  totalShareStatistics?: { impressionCount?: number; uniqueImpressionsCount?: number; clickCount?: number; likeCount?: number; commentCount?: number; shareCount?: number };
}

const permalinkOf = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

function postType(p: FeedPost): string {
  const media = p.content?.media?.id ?? "";
  if (p.content?.multiImage) return "multi_image";
  if (p.content?.article) return "article";
  if (media.startsWith("urn:li:video:")) return "video";
  if (media.startsWith("urn:li:document:")) return "document";
  if (media.startsWith("urn:li:image:")) return "image";
  return "text_post";
}

function remote(p: FeedPost): RemotePost {
  const at = p.publishedAt ?? p.createdAt ?? 0;
  return { id: p.id, publishedAt: new Date(at).toISOString(), permalink: permalinkOf(p.id), caption: p.commentary ?? "", postType: postType(p) };
}

const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

const MEMBER_METRICS = [
  ["IMPRESSION", "impressions"],
  ["MEMBERS_REACHED", "reach"],
  ["REACTION", "likes"],
  ["COMMENT", "comments"],
  ["RESHARE", "shares"],
] as const;

export function linkedinReader(call: FlowCall, author: string, token: string): NumbersReader {
  const get = async <T>(url: string): Promise<T> => {
    try {
      return (await linkedin<T>(call, "GET", url, { token })).body;
    } catch (err) {
      // A permission LinkedIn refuses only means "no number here" (optional()); the rest stops the account's reading.
      if (err instanceof PublishError && err.code === "publish.linkedin_permission") throw new PublishError("rejected", "publish.permission_missing", err.message, null, err.detail);
      throw stopFor(err);
    }
  };
  const isOrg = author.startsWith("urn:li:organization:");

  if (!isOrg) {
    return {
      recentPosts: async () => [],
      // The member's posts cannot be read back (r_member_social): our own post is known by the URN we recorded.
      post: async (id) => ({ id, publishedAt: "", permalink: permalinkOf(id), caption: "", postType: "post" }),
      numbers: async (post) => {
        const out: Numbers = {};
        const entity = post.id.startsWith("urn:li:ugcPost:") ? `(ugc:${restli(post.id)})` : `(share:${restli(post.id)})`;
        for (const [queryType, metric] of MEMBER_METRICS) {
          const body = await optional(() => get<{ elements?: Array<{ count?: number }> }>(`${LINKEDIN_REST}/memberCreatorPostAnalytics?q=entity&entity=${entity}&queryType=${queryType}&aggregation=TOTAL`));
          if (!body) return out;
          const v = count(body.elements?.[0]?.count);
          if (v !== null) out[metric] = v;
        }
        return out;
      },
      account: async (): Promise<AccountReading> => ({ followers: null, daily: [] }),
    };
  }

  return {
    async recentPosts(since, max) {
      const out: RemotePost[] = [];
      for (let start = 0; out.length < max; ) {
        const body = await get<{ elements?: FeedPost[]; paging?: { total?: number } }>(`${LINKEDIN_REST}/posts?author=${restli(author)}&q=author&count=${Math.min(100, max)}&start=${start}&sortBy=CREATED`);
        const rows = body.elements ?? [];
        for (const p of rows) {
          if ((p.publishedAt ?? p.createdAt ?? 0) < since.getTime()) return out;
          if (p.lifecycleState && p.lifecycleState !== "PUBLISHED") continue;
          out.push(remote(p));
          if (out.length >= max) return out;
        }
        start += rows.length;
        if (!rows.length) break;
      }
      return out;
    },
    async post(id) {
      const p = await optional(() => get<FeedPost>(`${LINKEDIN_REST}/posts/${restli(id)}`));
      return p?.id ? remote(p) : null;
    },
    async numbers(post) {
      const list = post.id.startsWith("urn:li:ugcPost:") ? `ugcPosts=${restliList([post.id])}` : `shares=${restliList([post.id])}`;
      const body = await optional(() => get<{ elements?: ShareStatistics[] }>(`${LINKEDIN_REST}/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${restli(author)}&${list}`));
      const s = body?.elements?.find((e) => e.share === post.id || e.ugcPost === post.id)?.totalShareStatistics;
      if (!s) return {};
      const out: Numbers = {};
      const pairs: Array<[keyof Numbers, unknown]> = [
        ["impressions", s.impressionCount],
        ["reach", s.uniqueImpressionsCount],
        ["link_clicks", s.clickCount],
        ["likes", s.likeCount],
        ["comments", s.commentCount],
        ["shares", s.shareCount],
      ];
      for (const [metric, v] of pairs) if (count(v) !== null) out[metric] = count(v)!;
      return out;
    },
    async account() {
      const body = await optional(() => get<{ firstDegreeSize?: number }>(`${LINKEDIN_REST}/networkSizes/${restli(author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`));
      return { followers: count(body?.firstDegreeSize), daily: [] };
    },
  };
}
