// Publishing endpoints of the Meta simulator: Instagram containers and media_publish (graph.facebook.com with a
// Facebook Login token, graph.instagram.com with an Instagram Login token), Threads containers and threads_publish,
// Facebook Page posts, photos and videos, first comments, the publishing quotas, and the faults crash tests need.
//
// Every rule cites the official page it comes from (pages read in Meta's developer documentation, 2026 versions).
// Where the documentation is silent the comment says "not documented; chosen: …". The rules, gathered in one list,
// are in /tmp/i21/meta-publish-rules.md → README ("Publishing rules the Meta simulator enforces").

import { sniffImage, sniffVideo } from "./publish-media.mjs";

const DOC = {
  igMedia: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media",
  igContainer: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container",
  igPublish: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish",
  igLimit: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit",
  igErrors: "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes",
  threadsPosts: "https://developers.facebook.com/docs/threads/posts",
};

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MIB = 1024 * 1024;

/** "An Instagram professional account can only publish 50 posts within a 24 hour moving period" (igPublish);
 * content_publishing_limit: quota_total "currently 50", quota_duration "currently 86400" (igLimit). */
export const IG_PUBLISH_QUOTA = 50;
/** "An Instagram account can only create 400 containers within a rolling 24 hour period" (igMedia). */
export const IG_CONTAINER_QUOTA = 400;
/** "Threads profiles are limited to 250 API-published posts within a 24-hour moving period. Carousels count as a
 * single post." and "limited to 1,000 replies" (https://developers.facebook.com/docs/threads/overview). */
export const THREADS_PUBLISH_QUOTA = 250;
export const THREADS_REPLY_QUOTA = 1000;

/**
 * @typedef {import("./index.d.mts").Sim} Sim
 * @typedef {import("./index.d.mts").Ctx} Ctx
 * @typedef {import("./index.d.mts").Token} Token
 * @typedef {import("./publish.d.mts").Container} Container
 * @typedef {import("./publish.d.mts").ContainerError} ContainerError
 * @typedef {import("./publish.d.mts").PublishRecord} PublishRecord
 */

/** @param {Sim} sim */
export function register(sim) {
  /** @type {import("./publish.d.mts").PublishState} */
  const st = {
    containers: new Map(),
    publishes: [],
    pollRules: [],
    failRules: [],
    hangRules: [],
    hung: [],
    options: { duplicateCheck: true },
  };
  /** @type {any} */ (sim.state).publish = st;

  // ------------------------------------------------------------------------------------------ test controls
  /** @type {import("./publish.d.mts").PublishControl} */
  const control = {
    state: st,
    slowContainers(polls, match = {}) {
      st.pollRules.push({ polls, match, left: match.count ?? 1 });
    },
    setPolls(containerId, polls) {
      const c = st.containers.get(containerId);
      if (!c) throw new Error(`no container ${containerId}`);
      c.pollsLeft = polls;
    },
    failNextContainer(match, error) {
      st.failRules.push({ match, error, left: match.count ?? 1 });
    },
    failContainer(containerId, error) {
      const c = st.containers.get(containerId);
      if (!c) throw new Error(`no container ${containerId}`);
      c.error = containerError(c.network, error);
    },
    hangNextPublish(match = {}) {
      st.hangRules.push({ match, mode: match.mode ?? "destroy", left: match.count ?? 1 });
    },
    releaseHung() {
      for (const s of st.hung.splice(0)) s.destroy();
    },
    useQuota(accountId, count, kind = "post") {
      const network = sim.state.threadsUsers.has(accountId) ? "threads" : sim.state.pages.has(accountId) ? "facebook" : "instagram";
      for (let i = 0; i < count; i++) st.publishes.push({ network, accountId, at: sim.clock.now(), mediaId: null, containerId: null, kind, synthetic: true });
    },
    quotaUsage(accountId, kind = "post") {
      return quotaUsage(accountId, kind, sim.clock.now() - DAY);
    },
    containers(accountId) {
      return [...st.containers.values()].filter((c) => accountId === undefined || c.ownerId === accountId).map((c) => ({ ...c, status: effectiveStatus(c) }));
    },
    statusOf(containerId) {
      const c = st.containers.get(containerId);
      return c ? effectiveStatus(c) : null;
    },
  };
  /** @type {any} */ (sim).publish = control;

  // ------------------------------------------------------------------------------------------ helpers

  /** @param {string} accountId @param {"post" | "reply"} kind @param {number} since */
  function quotaUsage(accountId, kind, since) {
    return st.publishes.filter((p) => p.accountId === accountId && p.kind === kind && p.at > since).length;
  }

  /**
   * Status of a container now, on the simulator's clock.
   * - IG: status_code EXPIRED "not published within 24 hours", ERROR, FINISHED, IN_PROGRESS, PUBLISHED (igContainer);
   * - Threads: the same five values (https://developers.facebook.com/docs/threads/troubleshooting).
   * Precedence (not documented; chosen): PUBLISHED, ERROR, EXPIRED, then IN_PROGRESS while polls are left.
   * @param {Container} c
   */
  function effectiveStatus(c) {
    if (c.publishedMediaId) return "PUBLISHED";
    if (c.error && c.pollsLeft <= 0) return "ERROR";
    if (sim.clock.now() - c.createdAt >= DAY) return "EXPIRED";
    if (c.pollsLeft > 0) return "IN_PROGRESS";
    return "FINISHED";
  }

  /** @param {"instagram" | "threads"} network @param {Partial<ContainerError>} e @returns {ContainerError} */
  function containerError(network, e) {
    if (network === "threads") return { code: e.code ?? 1, subcode: e.subcode ?? null, message: e.message ?? "The media could not be processed.", errorMessage: e.errorMessage ?? "UNKNOWN" };
    return { code: e.code ?? -1, subcode: e.subcode ?? 2207001, message: e.message ?? "Instagram server error. Try again.", errorMessage: null };
  }

  /** @template T @param {Array<{ match: { network?: string, accountId?: string }, left: number } & T>} rules @param {string} network @param {string} accountId */
  function takeRule(rules, network, accountId) {
    const i = rules.findIndex((r) => (!r.match.network || r.match.network === network) && (!r.match.accountId || r.match.accountId === accountId));
    if (i < 0) return null;
    const rule = /** @type {T & { left: number }} */ (rules[i]);
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(i, 1);
    return rule;
  }

  /** Bool parameters arrive as "true"/"false" strings (form) or JSON booleans (stringified by the core). @param {unknown} v */
  const truthy = (v) => v === true || v === "true" || v === "1";

  /** `children` as a comma-separated list (documented form) or a JSON array (what JSON clients send). @param {string | undefined} v */
  function idList(v) {
    if (!v) return [];
    const s = v.trim();
    if (s.startsWith("[")) {
      try {
        const a = JSON.parse(s);
        if (Array.isArray(a)) return a.map(String);
      } catch {
        /* fall through to the comma form */
      }
    }
    return s.split(",").map((x) => x.trim()).filter(Boolean);
  }

  /** A Graph "invalid parameter" error, code 100 (https://developers.facebook.com/docs/graph-api/guides/error-handling). @param {string} message @param {number} [subcode] */
  const invalid = (message, subcode) => sim.graphError({ code: 100, subcode, type: "OAuthException", message });

  /** @param {number} ms */
  const isoTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");

  /**
   * The hang fault: the publish has been done; the answer never reaches the client (socket destroyed, or left open
   * with nothing sent), so the client cannot know the outcome. Returns a promise that never settles, so the core
   * writes nothing.
   * @param {Ctx} ctx @param {string} network @param {string} accountId
   */
  function maybeHang(ctx, network, accountId) {
    const rule = takeRule(st.hangRules, network, accountId);
    if (!rule) return null;
    const socket = ctx.req.socket;
    if (rule.mode === "destroy") socket.destroy();
    else st.hung.push(socket);
    return new Promise(() => {});
  }

  // ------------------------------------------------------------------------------------------ Instagram

  /**
   * The token check for the Instagram endpoints. graph.instagram.com: an Instagram Login token with
   * instagram_business_basic + instagram_business_content_publish; graph.facebook.com: a Facebook Login token with
   * instagram_basic + instagram_content_publish (igMedia / igPublish / igLimit "Requirements" tables). The documented
   * token is the Facebook *User* token; a Page token of the linked Page is accepted too (not documented; chosen so that
   * storing the Page token, as the app's contract does, works). The account must be one the token may act for.
   * `pagesRead`: the endpoints whose Facebook Login requirements also list pages_read_engagement (igMedia, igLimit;
   * not igPublish).
   * @param {Ctx} ctx @param {string} igUserId @param {{ publish?: boolean, comments?: boolean, pagesRead?: boolean }} [need]
   */
  function igAuth(ctx, igUserId, need = { publish: true }) {
    const viaFacebook = ctx.hostGroup === "facebook";
    /** @type {string[]} */
    const scopes = viaFacebook ? ["instagram_basic"] : ["instagram_business_basic"];
    if (need.publish) scopes.push(viaFacebook ? "instagram_content_publish" : "instagram_business_content_publish");
    if (need.pagesRead && viaFacebook) scopes.push("pages_read_engagement");
    // First comments: instagram_manage_comments / instagram_business_manage_comments
    // (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments).
    if (need.comments) scopes.push(viaFacebook ? "instagram_manage_comments" : "instagram_business_manage_comments");
    const token = sim.requireToken(ctx, { scopes, account: igUserId, ...(viaFacebook ? { kinds: ["user", "page"] } : {}) });
    const user = sim.account(ctx, token, igUserId);
    if (user.type !== "ig_user") throw sim.unsupported(ctx.method, igUserId);
    return { token, user: /** @type {import("./index.d.mts").IgUser & { type: "ig_user" }} */ (user) };
  }

  /** Caption rules: "Maximum 2200 characters, 30 hashtags, and 20 @ tags" (igMedia, `caption`). @param {string} caption */
  function checkIgCaption(caption) {
    const length = [...caption].length;
    if (length > 2200) {
      // igErrors: 400 / 36004 / 2207010.
      throw sim.graphError({
        code: 36004,
        subcode: 2207010,
        type: "OAuthException",
        message: `The submitted image's caption was ${length} characters long. The maximum number of characters permitted for a caption is 2200. Please submit media with a shorter caption.`,
        userTitle: "Caption too long",
        userMsg: "Maximum 2,200 characters, 30 hashtags, and 20 @ tags.",
      });
    }
    const hashtags = caption.match(/#[\p{L}\p{N}_]+/gu)?.length ?? 0;
    // More than 30 hashtags: no error code documented (igErrors); chosen code 100.
    if (hashtags > 30) throw invalid(`The caption has ${hashtags} hashtags; the maximum is 30.`);
    const tags = caption.match(/(?:^|[^\p{L}\p{N}_])@[A-Za-z0-9._]+/gu)?.length ?? 0;
    // igErrors: 400 / 100 / 2207040 "Cannot use more than {max-tag-count} tags per created media." (maximum 20).
    if (tags > 20) throw invalid("Cannot use more than 20 tags per created media.", 2207040);
  }

  /** igErrors 9004 / 2207052 "The media could not be fetched from this uri: {uri}". @param {string} uri */
  const igFetchError = (uri) => ({ code: 9004, subcode: 2207052, message: `The media could not be fetched from this uri: ${uri}`, userTitle: "Media download has failed." });

  /**
   * Fetches and checks an Instagram image (Image Specifications, igMedia): JPEG, 8 MB maximum, aspect ratio within
   * 4:5 … 1.91:1 (feed and carousel images; story images only "recommend" 9:16, not enforced). Width 320–1440 is
   * scaled by Instagram, not refused. Returns an error description or null.
   * @param {string} url @param {{ story: boolean }} opts
   */
  async function checkIgImage(url, opts) {
    const f = await sim.fetchMedia(url);
    if (!f.ok) return igFetchError(url);
    // igErrors 36000 / 2207004: "Image exceeded maximum file size of 8MiB".
    if (f.size > 8 * MIB) return { code: 36000, subcode: 2207004, message: "The image is too large to download. It should be less than 8 MiB.", userTitle: "Image size too large" };
    const img = sniffImage(f.bytes);
    // igErrors 36001 / 2207005 "The image format {current-image-format} is not supported. Supported formats are: {format}."
    if (img.format !== "jpeg" || !img.width || !img.height) {
      return { code: 36001, subcode: 2207005, message: `The image format ${img.format} is not supported. Supported formats are: jpeg.`, userTitle: "Unsupported image format" };
    }
    const ratio = img.width / img.height;
    // igErrors 36003 / 2207009: "falls within a 4:5 to 1.91:1 range". Rounding tolerance of 0.005 not documented; chosen.
    if (!opts.story && (ratio < 0.8 - 0.005 || ratio > 1.91 + 0.005)) {
      return {
        code: 36003,
        subcode: 2207009,
        message: `The submitted image with aspect ratio ${ratio.toFixed(3)} cannot be published. Please submit an image with a valid aspect ratio.`,
        userTitle: "Invalid aspect ratio",
      };
    }
    return null;
  }

  /**
   * Fetches and checks an Instagram video (Reel / Story Video Specifications, igMedia): MOV or MP4 with the moov atom
   * at the front; Reels 3 s … 15 min and 300 MB; Stories 3 … 60 s and 100 MB. Carousel videos: no separate
   * specification; chosen: the Reels limits. Codecs, frame rate and bitrate are not checked (no decoder).
   * Errors: igErrors 352 / 2207026 "The video format is not supported" for the container; for size and duration the
   * error codes page has no row — chosen: 352 / 2207026 too.
   * @param {string} url @param {"REELS" | "STORIES" | "CAROUSEL_VIDEO"} kind
   */
  async function checkIgVideo(url, kind) {
    const f = await sim.fetchMedia(url);
    if (!f.ok) return igFetchError(url);
    const limits = kind === "STORIES" ? { maxBytes: 100 * MIB, min: 3, max: 60 } : { maxBytes: 300 * MIB, min: 3, max: 15 * 60 };
    const v = sniffVideo(f.bytes);
    const bad = (/** @type {string} */ why) => ({ code: 352, subcode: 2207026, message: `The video format is not supported. Please check spec for supported video format (${why}).`, userTitle: "Unsupported video format" });
    if (!v.container) return bad("not an MP4 or MOV file");
    if (!v.moovFirst) return bad("the moov atom must be at the front of the file");
    if (f.size > limits.maxBytes) return bad(`file size ${f.size} bytes exceeds ${limits.maxBytes / MIB} MB`);
    if (v.durationSec === null) return bad("no movie header (duration unknown)");
    if (v.durationSec < limits.min || v.durationSec > limits.max) return bad(`duration ${v.durationSec.toFixed(1)} s is outside ${limits.min}-${limits.max} s`);
    return null;
  }

  /** @param {Container} c */
  function applyFaults(c) {
    const slow = takeRule(st.pollRules, c.network, c.ownerId);
    if (slow) c.pollsLeft = slow.polls;
    const fail = takeRule(st.failRules, c.network, c.ownerId);
    if (fail) c.error = containerError(c.network, fail.error);
  }

  /** @param {Omit<Container, "type" | "id" | "createdAt" | "pollsLeft" | "error" | "publishedMediaId">} init @param {number} polls @param {ContainerError | null} error */
  function newContainer(init, polls, error) {
    /** @type {Container} */
    const c = { ...init, type: init.network === "instagram" ? "ig_container" : "threads_container", id: sim.newId(init.network === "instagram" ? "178" : "182"), createdAt: sim.clock.now(), pollsLeft: polls, error, publishedMediaId: null };
    applyFaults(c);
    st.containers.set(c.id, c);
    sim.put(c);
    return c;
  }

  /**
   * A carousel's children: they must exist, belong to the same account, be carousel items and be FINISHED and unused.
   * Count: "Carousels need at least 2 photos/videos and no more than N" (Instagram 10: igErrors 100 / 2207028 and
   * igMedia `children`; Threads 20, minimum 2: threadsPosts "Carousel Posts" Limitations).
   * The other checks: not documented as error codes; chosen: not ready → the "not ready" error (IG 9007/2207027),
   * otherwise code 100.
   * @param {Ctx} ctx @param {string[]} ids @param {string} ownerId @param {"instagram" | "threads"} network
   */
  function checkChildren(ctx, ids, ownerId, network) {
    const max = network === "instagram" ? 10 : 20;
    if (ids.length < 2 || ids.length > max || new Set(ids).size !== ids.length) {
      if (network === "instagram") throw invalid("Your post won't work as a carousel. Carousels need at least 2 photos/videos and no more than 10 photos/videos.", 2207028);
      throw invalid("Carousels need at least 2 and no more than 20 images, videos, or a mix of the two.");
    }
    return ids.map((id) => {
      const child = st.containers.get(id);
      if (!child || child.ownerId !== ownerId || child.network !== network) throw sim.unsupported(ctx.method, id);
      if (!child.isCarouselItem) throw invalid(`The container ${id} is not a carousel item (create it with is_carousel_item=true).`);
      const status = effectiveStatus(child);
      if (status === "IN_PROGRESS") throw notReady(network);
      if (status !== "FINISHED") throw invalid(`The carousel item ${id} is ${status} and cannot be used.`);
      return child;
    });
  }

  /** igErrors 400 / 9007 / 2207027; Threads: not documented, chosen the same. @param {"instagram" | "threads"} network */
  const notReady = (network) =>
    sim.graphError({
      code: 9007,
      subcode: 2207027,
      type: "OAuthException",
      message: "The media is not ready for publishing, please wait for a moment",
      userTitle: network === "instagram" ? "Media not ready" : undefined,
    });

  // POST /{ig-user-id}/media — create a container (igMedia "Creating").
  sim.route("POST", ["facebook", "instagram"], "/:igUserId/media", async (ctx) => {
    const { token, user } = igAuth(ctx, ctx.params.igUserId ?? "", { publish: true, pagesRead: true });
    const a = ctx.args;
    const now = sim.clock.now();
    // "An Instagram account can only create 400 containers within a rolling 24 hour period" (igMedia Limitations);
    // the error code is not documented; chosen: code 9 (the code of the publishing limit).
    const recent = [...st.containers.values()].filter((c) => c.network === "instagram" && c.ownerId === user.id && c.createdAt > now - DAY).length;
    if (recent >= IG_CONTAINER_QUOTA) throw sim.graphError({ code: 9, type: "OAuthException", message: "Container creation limit reached: 400 containers per rolling 24 hours." });

    // Resumable uploads (`upload_type=resumable` + rupload.facebook.com, igMedia) are not simulated: said, not ignored.
    if (a.upload_type) throw invalid("upload_type=resumable is not supported by the simulator; pass video_url.");
    const mediaType = a.media_type ? String(a.media_type).toUpperCase() : null;
    const isItem = truthy(a.is_carousel_item);
    const caption = a.caption ?? "";
    const altText = a.alt_text;
    if (caption) checkIgCaption(caption);
    // `alt_text`: "up to 1000 character … Only supported on a single image or image media in a carousel. Reels and
    // stories are not supported." (igMedia). Error code not documented; chosen 100.
    if (altText !== undefined && [...altText].length > 1000) throw invalid("alt_text must be at most 1000 characters.");
    const common = { network: /** @type {const} */ ("instagram"), ownerId: user.id, appId: token.appId, caption: caption || null, altText: altText ?? null };

    if (mediaType === "CAROUSEL") {
      // Carousel container: media_type=CAROUSEL, children, caption (igMedia "Carousel Containers").
      if (altText !== undefined) throw invalid("alt_text is only supported on images (single images or carousel images), not on the carousel container.");
      const children = checkChildren(ctx, idList(a.children), user.id, "instagram");
      const c = newContainer({ ...common, kind: "CAROUSEL", isCarouselItem: false, children: children.map((ch) => ch.id), url: null, extra: {} }, 0, null);
      for (const ch of children) ch.reservedBy = c.id;
      return { id: c.id };
    }
    // Captions, locations and collaborators are "Not supported on images or videos in carousels" (igMedia); whether
    // the API refuses or ignores them is not documented; chosen: refuse (code 100), so a misplaced caption shows.
    if (isItem && caption) throw invalid("caption is not supported on carousel items; put it on the CAROUSEL container.");

    if (mediaType === "REELS" || mediaType === "STORIES" || (isItem && (mediaType === "VIDEO" || (!mediaType && a.video_url)))) {
      const url = a.video_url ?? (mediaType === "STORIES" ? a.image_url : undefined);
      if (mediaType === "STORIES" && !a.video_url && a.image_url) {
        // Image story (igMedia "Image Story Containers"); Story image: JPEG, 8 MB; alt_text not supported on stories.
        if (altText !== undefined) throw invalid("alt_text is not supported on stories.");
        const error = await checkIgImage(a.image_url, { story: true });
        if (error) throw sim.graphError({ ...error, type: "OAuthException" });
        const c = newContainer({ ...common, caption: null, kind: "STORIES", isCarouselItem: false, children: [], url: a.image_url, extra: { image: true } }, 0, null);
        return { id: c.id };
      }
      if (!url) throw invalid("The parameter video_url is required.");
      if (altText !== undefined) throw invalid("alt_text is not supported on reels, stories or videos.");
      if (mediaType === "REELS" && isItem) throw invalid("Reels cannot appear in carousels.");
      // "Video uploads are asynchronous, so receiving a container ID does not guarantee that the upload was
      // successful" (igMedia "Response"): the outcome shows in status_code. Chosen: the download happens now, the
      // container reports IN_PROGRESS for one status poll, then FINISHED or ERROR.
      const kind = mediaType === "STORIES" ? "STORIES" : mediaType === "REELS" ? "REELS" : "CAROUSEL_VIDEO";
      const error = await checkIgVideo(url, kind);
      const c = newContainer(
        {
          ...common,
          caption: kind === "STORIES" ? null : common.caption,
          kind: kind === "CAROUSEL_VIDEO" ? "VIDEO" : kind,
          isCarouselItem: isItem,
          children: [],
          url,
          extra: { shareToFeed: a.share_to_feed === undefined ? null : truthy(a.share_to_feed), coverUrl: a.cover_url ?? null },
        },
        1,
        error ? containerError("instagram", error) : null,
      );
      return { id: c.id };
    }
    if (mediaType && mediaType !== "IMAGE") {
      // igErrors 400 / 100 / 2207023 "The media type {media-type} is unknown." Single feed videos are published as
      // reels since July 1, 2023 (https://developers.facebook.com/docs/instagram-platform/content-publishing), and
      // media_type takes CAROUSEL, REELS or STORIES (igMedia) — so VIDEO outside a carousel is refused.
      throw invalid(`The media type ${mediaType} is unknown.`, 2207023);
    }
    if (!a.image_url) {
      if (a.video_url) throw invalid("The media type VIDEO is unknown. Use media_type=REELS for a video post.", 2207023);
      throw invalid("The parameter image_url is required.");
    }
    // Images: the download and checks happen in the request; errors are returned by this call (HTTP 400, igErrors).
    // (Only video uploads are documented as asynchronous, igMedia "Response"; chosen accordingly.)
    const error = await checkIgImage(a.image_url, { story: false });
    if (error) throw sim.graphError({ ...error, type: "OAuthException" });
    const c = newContainer({ ...common, kind: "IMAGE", isCarouselItem: isItem, children: [], url: a.image_url, extra: {} }, 0, null);
    return { id: c.id };
  });

  // GET /{ig-container-id}?fields=status_code,status (igContainer). `status`: "If status_code is ERROR, this value
  // will be the error subcode" (igContainer Fields) — returned as a string; otherwise the state name, or "In Progress: …"
  // while processing (not documented; chosen). Every read counts as one status poll.
  sim.nodeType("ig_container", (obj, ctx, fields) => {
    const c = /** @type {Container} */ (/** @type {unknown} */ (obj));
    const status = effectiveStatus(c);
    // The first `pollsLeft` reads answer IN_PROGRESS.
    if (c.pollsLeft > 0) c.pollsLeft -= 1;
    const full = {
      id: c.id,
      status_code: status,
      status: status === "ERROR" && c.error ? String(c.error.subcode ?? c.error.code) : status === "IN_PROGRESS" ? "In Progress: Media is still being processed." : status,
      copyright_check_status: c.kind === "REELS" || c.kind === "VIDEO" ? { status: status === "IN_PROGRESS" ? "in_progress" : "completed", matches_found: false } : undefined,
    };
    // Default fields when `fields` is omitted: not documented ("default fields will be returned"); chosen: id.
    return sim.pick(full, fields, ["id"], "ShadowIGMediaBuilder");
  });

  // POST /{ig-user-id}/media_publish?creation_id= (igPublish).
  sim.route("POST", ["facebook", "instagram"], "/:igUserId/media_publish", async (ctx) => {
    const { token, user } = igAuth(ctx, ctx.params.igUserId ?? "");
    const creationId = ctx.args.creation_id;
    if (!creationId) throw invalid("The parameter creation_id is required.");
    const c = st.containers.get(creationId);
    // igErrors 24 / 2207006 "The media with {media-id} cannot be found" (unknown id, or another account's container).
    if (!c || c.network !== "instagram" || c.ownerId !== user.id) {
      throw sim.graphError({ code: 24, subcode: 2207006, type: "OAuthException", message: `The media with ${creationId} cannot be found`, userTitle: "Media not found" });
    }
    const status = effectiveStatus(c);
    checkPublishable(c, status, "instagram");
    if (c.isCarouselItem) throw invalid("A carousel item cannot be published on its own; publish the CAROUSEL container.");
    if (c.reservedBy) throw invalid(`The container ${c.id} is an item of carousel ${c.reservedBy}.`);
    // igPublish Limitations / igErrors 400 / 9 / 2207042; counted per account over the moving 24 hours on the
    // simulator's clock. "Carousels count as a single post" (content publishing guide).
    if (quotaUsage(user.id, "post", sim.clock.now() - DAY) >= IG_PUBLISH_QUOTA) {
      throw sim.graphError({
        code: 9,
        subcode: 2207042,
        type: "OAuthException",
        message: "You reached maximum number of posts that is allowed to be published by Content Publishing API.",
        userTitle: "Publishing limit reached",
      });
    }
    const media = publishIgContainer(c, token);
    return maybeHang(ctx, "instagram", user.id) ?? { id: media.id };
  });

  /**
   * What publishing a container that is not FINISHED answers:
   * - IN_PROGRESS → igErrors 9007 / 2207027 "The media is not ready for publishing, please wait for a moment";
   * - EXPIRED → igErrors -2 / 2207020 "The media you are trying to access has expired. Please try to upload again.";
   * - already PUBLISHED (published twice) → not documented; chosen: igErrors 24 / 2207008 "The media builder with
   *   creation id = {creation-id} does not exist or has been expired." (a used builder no longer exists);
   * - ERROR → not documented; chosen: the container's own error (e.g. 9004 / 2207052 for a failed download).
   * Threads: none of these is documented (https://developers.facebook.com/docs/threads/troubleshooting lists the
   * states only); chosen: the same answers.
   * @param {Container} c @param {string} status @param {"instagram" | "threads"} network
   */
  function checkPublishable(c, status, network) {
    if (status === "FINISHED") return;
    if (status === "IN_PROGRESS") throw notReady(network);
    if (status === "EXPIRED") {
      throw sim.graphError({ code: -2, subcode: 2207020, type: "OAuthException", message: "The media you are trying to access has expired. Please try to upload again.", userTitle: "Media expired" });
    }
    if (status === "PUBLISHED") {
      throw sim.graphError({ code: 24, subcode: 2207008, type: "OAuthException", message: `The media builder with creation id = ${c.id} does not exist or has been expired.`, userTitle: "Media builder expired" });
    }
    const e = /** @type {ContainerError} */ (c.error);
    throw sim.graphError({ code: e.code, subcode: e.subcode ?? undefined, type: "OAuthException", message: e.message, userTitle: e.userTitle, extra: e.errorMessage ? { error_message: e.errorMessage } : {} });
  }

  /**
   * Creates the IG Media object (https://developers.facebook.com/docs/instagram-platform/reference/instagram-media):
   * media_type IMAGE | VIDEO | CAROUSEL_ALBUM, media_product_type FEED | REELS | STORY. Carousel children become media
   * objects readable by id but not listed as posts of their own.
   * @param {Container} c @param {Token} token
   */
  function publishIgContainer(c, token) {
    const product = c.kind === "REELS" ? "REELS" : c.kind === "STORIES" ? "STORY" : "FEED";
    const mediaType = c.kind === "CAROUSEL" ? "CAROUSEL_ALBUM" : c.kind === "IMAGE" || (c.kind === "STORIES" && c.extra.image) ? "IMAGE" : "VIDEO";
    /** @type {string[]} */
    const childIds = [];
    for (const childId of c.children) {
      const child = /** @type {Container} */ (st.containers.get(childId));
      const m = sim.addMedia({
        type: "ig_media",
        ownerId: c.ownerId,
        appId: token.appId,
        media_type: child.kind === "IMAGE" ? "IMAGE" : "VIDEO",
        media_product_type: "FEED",
        mediaUrl: child.url ?? undefined,
        altText: child.altText ?? undefined,
        containerId: child.id,
      });
      child.publishedMediaId = m.id;
      childIds.push(m.id);
    }
    const media = sim.addMedia({
      type: "ig_media",
      ownerId: c.ownerId,
      appId: token.appId,
      media_type: /** @type {"IMAGE" | "VIDEO" | "CAROUSEL_ALBUM"} */ (mediaType),
      media_product_type: product,
      caption: c.caption ?? undefined,
      mediaUrl: c.kind === "CAROUSEL" ? undefined : (c.url ?? undefined),
      altText: c.altText ?? undefined,
      children: childIds.length ? childIds : undefined,
      containerId: c.id,
    });
    // Album children stay media objects (readable by id, `children` edge) but carry parentId, so lists skip them.
    for (const id of childIds) /** @type {any} */ (sim.state.objects.get(id)).parentId = media.id;
    c.publishedMediaId = media.id;
    st.publishes.push({ network: "instagram", accountId: c.ownerId, at: sim.clock.now(), mediaId: media.id, containerId: c.id, kind: "post", synthetic: false });
    return media;
  }

  // GET /{ig-user-id}/content_publishing_limit?fields=config,quota_usage&since= (igLimit).
  sim.route("GET", ["facebook", "instagram"], "/:igUserId/content_publishing_limit", async (ctx) => {
    const { user } = igAuth(ctx, ctx.params.igUserId ?? "", { publish: true, pagesRead: true });
    const fields = sim.fields(ctx);
    const now = sim.clock.now();
    // `since`: "A Unix timestamp no older than 24 hours" (igLimit); older values: not documented; chosen: clamp to 24 h.
    const sinceArg = ctx.args.since ? Number(ctx.args.since) * 1000 : NaN;
    const since = Number.isFinite(sinceArg) ? Math.max(sinceArg, now - DAY) : now - DAY;
    /** @type {Record<string, unknown>} */
    const row = {};
    // "If omitted, the quota_usage field will be returned by default" (igLimit). The documented example asks for
    // `rate_limit_settings` and gets `config`; both names give config.
    if (!fields.length || fields.includes("quota_usage")) row.quota_usage = quotaUsage(user.id, "post", since);
    if (fields.includes("config") || fields.includes("rate_limit_settings")) row.config = { quota_total: IG_PUBLISH_QUOTA, quota_duration: 86400 };
    return { data: [row] };
  });

  // POST /{object-id}/comments?message= — first comment on an IG media
  // (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments) or on a
  // Page post (https://developers.facebook.com/docs/graph-api/reference/object/comments, Page token with
  // pages_manage_engagement).
  sim.route("POST", ["facebook", "instagram"], "/:objectId/comments", async (ctx) => {
    const id = ctx.params.objectId ?? "";
    const obj = sim.state.objects.get(id);
    const message = ctx.args.message;
    if (obj?.type === "fb_post" && ctx.hostGroup === "facebook") {
      const post = /** @type {import("./index.d.mts").Media} */ (/** @type {unknown} */ (obj));
      const token = sim.requireToken(ctx, { scopes: ["pages_manage_engagement"], permissionErrorCode: 200, account: post.ownerId });
      if (!message) throw invalid("(#100) The parameter message is required.");
      const comment = { id: `${post.id.split("_")[1] ?? post.id}_${sim.newId("10")}`, text: message, createdAt: sim.clock.now(), fromAppId: token.appId };
      post.comments.push(comment);
      sim.put({ type: "fb_comment", id: comment.id, ownerId: post.ownerId, postId: post.id, message, createdAt: comment.createdAt });
      return { id: comment.id };
    }
    if (!obj || obj.type !== "ig_media") {
      const token = sim.requireToken(ctx, {});
      void token;
      throw sim.unsupported(ctx.method, id);
    }
    const media = /** @type {import("./index.d.mts").Media} */ (/** @type {unknown} */ (obj));
    const { token } = igAuth(ctx, media.ownerId, { publish: false, comments: true });
    if (!message) throw invalid("The parameter message is required.");
    // "Comments on live video IG Media are not supported" — the simulator has no live video.
    const comment = { id: sim.newId("179"), text: message, createdAt: sim.clock.now(), fromAppId: token.appId };
    media.comments.push(comment);
    sim.put({ type: "ig_comment", id: comment.id, ownerId: media.ownerId, mediaId: media.id, text: message, createdAt: comment.createdAt });
    return { id: comment.id };
  });

  // IG Comment fields (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-comment).
  sim.nodeType("ig_comment", (obj, _ctx, fields) => {
    const c = /** @type {any} */ (obj);
    const owner = sim.state.igUsers.get(c.ownerId);
    return sim.pick({ id: c.id, text: c.text, timestamp: isoTime(c.createdAt), username: owner?.username, media: { id: c.mediaId }, like_count: 0, hidden: false }, fields, ["id", "text", "timestamp"], "IGComment");
  });
  // Comment fields (https://developers.facebook.com/docs/graph-api/reference/comment).
  sim.nodeType("fb_comment", (obj, _ctx, fields) => {
    const c = /** @type {any} */ (obj);
    return sim.pick({ id: c.id, message: c.message, created_time: isoTime(c.createdAt) }, fields, ["id", "message", "created_time"], "Comment");
  });

  // ------------------------------------------------------------------------------------------ Threads

  /**
   * threads_basic is "Required for making any calls to all Threads API endpoints", threads_content_publish "Required
   * for Threads publishing endpoints" (https://developers.facebook.com/docs/threads/create-posts).
   * @param {Ctx} ctx @param {string} userId @param {string[]} [extraScopes]
   */
  function threadsAuth(ctx, userId, extraScopes = []) {
    const token = sim.requireToken(ctx, { scopes: ["threads_basic", "threads_content_publish", ...extraScopes], account: userId });
    const user = sim.account(ctx, token, userId);
    if (user.type !== "threads_user") throw sim.unsupported(ctx.method, userId);
    return { token, user: /** @type {import("./index.d.mts").ThreadsUser & { type: "threads_user" }} */ (user) };
  }

  /**
   * "Text posts are limited to 500 characters"; "Emojis are counted as the number of UTF-8 bytes" (threadsPosts).
   * Emoji: Extended_Pictographic code points, emoji modifiers, ZWJ and VS16 count their UTF-8 bytes; everything else
   * counts 1 per code point (not documented beyond that; chosen).
   * @param {string} text
   */
  function threadsLength(text) {
    let n = 0;
    for (const ch of text) n += /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/u.test(ch) ? Buffer.byteLength(ch, "utf8") : 1;
    return n;
  }

  /**
   * Links: "The number of links is restricted to 5 or less"; counted as the unique URLs of `text` plus
   * `link_attachment` when it differs; more → error THREADS_API__LINK_LIMIT_EXCEEDED at container creation
   * (threadsPosts "Links"). The numeric code is not documented; chosen: 100 with that name in the message.
   * @param {string} text @param {string | undefined} attachment
   */
  function checkThreadsLinks(text, attachment) {
    const urls = new Set((text.match(/\b(?:https?:\/\/|www\.)[^\s]+/gi) ?? []).map((u) => u.replace(/[).,!?]+$/, "").replace(/^https?:\/\//i, "").toLowerCase()));
    if (attachment) urls.add(attachment.replace(/^https?:\/\//i, "").toLowerCase());
    if (urls.size > 5) {
      throw sim.graphError({ code: 100, type: "OAuthException", message: `THREADS_API__LINK_LIMIT_EXCEEDED: the post has ${urls.size} links; the maximum is 5.`, extra: { error_code_name: "THREADS_API__LINK_LIMIT_EXCEEDED" } });
    }
  }

  /**
   * Media Specifications (threadsPosts): images JPEG and PNG, 8 MB, aspect ratio limit 10:1; videos MOV or MP4 with the
   * moov atom at the front, 1 GB, duration > 0 and ≤ 300 s, aspect 0.01:1 … 10:1. Failures surface as the container's
   * `error_message` (https://developers.facebook.com/docs/threads/troubleshooting lists FAILED_DOWNLOADING_VIDEO,
   * FAILED_PROCESSING_VIDEO, INVALID_ASPEC_RATIO, INVALID_DURATION, UNKNOWN…). Image failures: no image-specific value
   * is documented; chosen: UNKNOWN (INVALID_ASPEC_RATIO for the ratio).
   * @param {string} url @param {"IMAGE" | "VIDEO"} kind
   * @returns {Promise<ContainerError | null>}
   */
  async function checkThreadsMedia(url, kind) {
    const f = await sim.fetchMedia(url);
    const err = (/** @type {string} */ errorMessage, /** @type {string} */ message) => ({ code: 1, subcode: null, message, errorMessage });
    if (kind === "IMAGE") {
      if (!f.ok) return err("UNKNOWN", `The image could not be downloaded from ${url}.`);
      if (f.size > 8 * MIB) return err("UNKNOWN", "The image is larger than 8 MB.");
      const img = sniffImage(f.bytes);
      if ((img.format !== "jpeg" && img.format !== "png") || !img.width || !img.height) return err("UNKNOWN", `The image format ${img.format} is not supported (JPEG and PNG are).`);
      const ratio = img.width / img.height;
      if (ratio > 10 || ratio < 0.1) return err("INVALID_ASPEC_RATIO", `The image aspect ratio ${ratio.toFixed(3)} is beyond 10:1.`);
      return null;
    }
    if (!f.ok) return err("FAILED_DOWNLOADING_VIDEO", `The video could not be downloaded from ${url}.`);
    const v = sniffVideo(f.bytes);
    if (!v.container || !v.moovFirst) return err("FAILED_PROCESSING_VIDEO", "The video must be MOV or MP4 with the moov atom at the front of the file.");
    if (f.size > 1024 * MIB) return err("FAILED_PROCESSING_VIDEO", "The video is larger than 1 GB.");
    if (v.durationSec === null || v.durationSec <= 0 || v.durationSec > 300) return err("INVALID_DURATION", `The video duration ${v.durationSec ?? "unknown"} s is outside (0, 300] s.`);
    if (v.width && v.height && (v.width / v.height > 10 || v.width / v.height < 0.01)) return err("INVALID_ASPEC_RATIO", "The video aspect ratio is outside 0.01:1 to 10:1.");
    return null;
  }

  // POST /{threads-user-id}/threads — create a Threads media container (threadsPosts).
  sim.route("POST", "threads", "/:threadsUserId/threads", async (ctx) => {
    const a = ctx.args;
    const { token, user } = threadsAuth(ctx, ctx.params.threadsUserId ?? "");
    const mediaType = a.media_type ? String(a.media_type).toUpperCase() : "";
    // `media_type` "Required. Values: TEXT, IMAGE, VIDEO" (+ CAROUSEL for the carousel container) (threadsPosts).
    if (!["TEXT", "IMAGE", "VIDEO", "CAROUSEL"].includes(mediaType)) throw invalid(`The parameter media_type must be TEXT, IMAGE, VIDEO or CAROUSEL${mediaType ? ` (got ${mediaType})` : ""}.`);
    const isItem = truthy(a.is_carousel_item);
    const text = a.text ?? "";
    const length = threadsLength(text);
    // 500 characters (threadsPosts Limitations); error code not documented; chosen 100.
    if (length > 500) throw invalid(`The text is ${length} characters long (emojis count their UTF-8 bytes); the maximum is 500.`);
    checkThreadsLinks(text, a.link_attachment);
    // `link_attachment` "Can only be used for media_type=TEXT posts" (threadsPosts "Links").
    if (a.link_attachment && mediaType !== "TEXT") throw invalid("link_attachment can only be used with media_type=TEXT.");
    if (isItem && (mediaType === "TEXT" || mediaType === "CAROUSEL")) throw invalid("is_carousel_item applies only to IMAGE and VIDEO containers.");
    // Replies: `reply_to_id` (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies/create-replies):
    // allowed when "You are the owner of the root thread post", or with threads_keyword_search /
    // threads_manage_mentions.
    let replyTo = null;
    if (a.reply_to_id) {
      // "threads_manage_replies — Required for making POST calls to reply endpoints"
      // (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies, Permissions).
      sim.checkScopes(token, { scopes: ["threads_manage_replies"] });
      const target = sim.state.objects.get(a.reply_to_id);
      if (!target || target.type !== "threads_media") throw sim.unsupported(ctx.method, a.reply_to_id);
      replyTo = /** @type {import("./index.d.mts").Media} */ (/** @type {unknown} */ (target));
      const root = rootOf(replyTo);
      if (root.ownerId !== user.id) sim.checkScopes(token, { anyScopes: ["threads_keyword_search", "threads_manage_mentions"] });
    }
    const common = { network: /** @type {const} */ ("threads"), ownerId: user.id, appId: token.appId, caption: text || null, altText: a.alt_text ?? null };
    const extra = { replyToId: replyTo?.id ?? null, linkAttachment: a.link_attachment ?? null, topicTag: a.topic_tag ?? null };
    if (mediaType === "TEXT") {
      // `text` "Required for media_type=TEXT" (threadsPosts).
      if (!text.trim()) throw invalid("The parameter text is required for media_type=TEXT.");
      const c = newContainer({ ...common, kind: "TEXT", isCarouselItem: false, children: [], url: null, extra }, 0, null);
      return { id: c.id };
    }
    if (mediaType === "CAROUSEL") {
      const children = checkChildren(ctx, idList(a.children), user.id, "threads");
      const c = newContainer({ ...common, kind: "CAROUSEL", isCarouselItem: false, children: children.map((ch) => ch.id), url: null, extra }, 0, null);
      for (const ch of children) ch.reservedBy = c.id;
      return { id: c.id };
    }
    const url = mediaType === "IMAGE" ? a.image_url : a.video_url;
    if (!url) throw invalid(`The parameter ${mediaType === "IMAGE" ? "image_url" : "video_url"} is required for media_type=${mediaType}.`);
    // Threads recommends waiting ~30 s before publishing "to give our server enough time to fully process the upload"
    // (threadsPosts Step 2): processing is asynchronous. Chosen: the download happens now; the container reports
    // IN_PROGRESS for one status poll, then FINISHED or ERROR with error_message.
    const error = await checkThreadsMedia(url, /** @type {"IMAGE" | "VIDEO"} */ (mediaType));
    const c = newContainer({ ...common, kind: mediaType, isCarouselItem: isItem, children: [], url, extra }, 1, error);
    return { id: c.id };
  });

  /** @param {import("./index.d.mts").Media} m */
  function rootOf(m) {
    let cur = m;
    for (let i = 0; i < 100; i++) {
      const parent = /** @type {any} */ (cur).replyToId ? sim.state.objects.get(/** @type {any} */ (cur).replyToId) : null;
      if (!parent) return cur;
      cur = /** @type {any} */ (parent);
    }
    return cur;
  }

  // GET /{threads-container-id}?fields=status,error_message (https://developers.facebook.com/docs/threads/troubleshooting).
  sim.nodeType("threads_container", (obj, _ctx, fields) => {
    const c = /** @type {Container} */ (/** @type {unknown} */ (obj));
    const status = effectiveStatus(c);
    // The first `pollsLeft` reads answer IN_PROGRESS.
    if (c.pollsLeft > 0) c.pollsLeft -= 1;
    const full = { id: c.id, status, error_message: status === "ERROR" ? (c.error?.errorMessage ?? "UNKNOWN") : undefined };
    return sim.pick(full, fields, ["id"], "ThreadsMediaContainer");
  });

  // POST /{threads-user-id}/threads_publish?creation_id= (threadsPosts).
  sim.route("POST", "threads", "/:threadsUserId/threads_publish", async (ctx) => {
    const { token, user } = threadsAuth(ctx, ctx.params.threadsUserId ?? "");
    const creationId = ctx.args.creation_id;
    if (!creationId) throw invalid("The parameter creation_id is required.");
    const c = st.containers.get(creationId);
    if (!c || c.network !== "threads" || c.ownerId !== user.id) throw sim.unsupported(ctx.method, creationId);
    checkPublishable(c, effectiveStatus(c), "threads");
    if (c.isCarouselItem) throw invalid("A carousel item cannot be published on its own; publish the CAROUSEL container.");
    if (c.reservedBy) throw invalid(`The container ${c.id} is an item of carousel ${c.reservedBy}.`);
    const kind = c.extra.replyToId ? "reply" : "post";
    const quota = kind === "reply" ? THREADS_REPLY_QUOTA : THREADS_PUBLISH_QUOTA;
    // 250 posts / 1,000 replies per moving 24 h, enforced on threads_publish (https://developers.facebook.com/docs/threads/overview).
    // Error code not documented; chosen: code 9 as Instagram's publishing limit.
    if (quotaUsage(user.id, kind, sim.clock.now() - DAY) >= quota) {
      throw sim.graphError({ code: 9, type: "OAuthException", message: `You reached maximum number of ${kind === "reply" ? "replies" : "posts"} that is allowed to be published by the Threads API (${quota} per 24 hours).` });
    }
    const media = publishThreadsContainer(c, token);
    return maybeHang(ctx, "threads", user.id) ?? { id: media.id };
  });

  /**
   * Threads Media (https://developers.facebook.com/docs/threads/threads-media): media_type TEXT_POST | IMAGE | VIDEO |
   * CAROUSEL_ALBUM, media_product_type THREADS. A reply becomes a comment of the post it answers and a node readable by
   * id, not a post of the account's list.
   * @param {Container} c @param {Token} token
   */
  function publishThreadsContainer(c, token) {
    /** @type {string[]} */
    const childIds = [];
    for (const childId of c.children) {
      const child = /** @type {Container} */ (st.containers.get(childId));
      const m = sim.addMedia({ type: "threads_media", ownerId: c.ownerId, appId: token.appId, media_type: /** @type {any} */ (child.kind), mediaUrl: child.url ?? undefined, altText: child.altText ?? undefined, containerId: child.id });
      child.publishedMediaId = m.id;
      childIds.push(m.id);
    }
    const mediaType = c.kind === "TEXT" ? "TEXT_POST" : c.kind === "CAROUSEL" ? "CAROUSEL_ALBUM" : c.kind;
    const media = sim.addMedia({
      type: "threads_media",
      ownerId: c.ownerId,
      appId: token.appId,
      media_type: /** @type {any} */ (mediaType),
      text: c.caption ?? undefined,
      link: c.extra.linkAttachment ?? undefined,
      mediaUrl: c.url ?? undefined,
      altText: c.altText ?? undefined,
      children: childIds.length ? childIds : undefined,
      containerId: c.id,
    });
    for (const id of childIds) /** @type {any} */ (sim.state.objects.get(id)).parentId = media.id;
    c.publishedMediaId = media.id;
    const kind = c.extra.replyToId ? "reply" : "post";
    if (c.extra.replyToId) {
      sim.state.media.delete(media.id);
      /** @type {any} */ (media).replyToId = c.extra.replyToId;
      /** @type {any} */ (media).isReply = true;
      const target = /** @type {import("./index.d.mts").Media} */ (/** @type {unknown} */ (sim.state.objects.get(c.extra.replyToId)));
      target.comments.push({ id: media.id, text: c.caption ?? "", createdAt: media.createdAt, fromAppId: token.appId });
    }
    st.publishes.push({ network: "threads", accountId: c.ownerId, at: sim.clock.now(), mediaId: media.id, containerId: c.id, kind, synthetic: false });
    return media;
  }

  // GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config
  // (https://developers.facebook.com/docs/threads/overview "Posts" / "Replies").
  sim.route("GET", "threads", "/:threadsUserId/threads_publishing_limit", async (ctx) => {
    const { token, user } = threadsAuth(ctx, ctx.params.threadsUserId ?? "");
    const fields = sim.fields(ctx);
    const since = sim.clock.now() - DAY;
    const want = (/** @type {string} */ f) => fields.length === 0 || fields.includes(f);
    /** @type {Record<string, unknown>} */
    const row = {};
    // Without `fields`: not documented; chosen: quota_usage and config.
    if (want("quota_usage")) row.quota_usage = quotaUsage(user.id, "post", since);
    if (want("config")) row.config = { quota_total: THREADS_PUBLISH_QUOTA, quota_duration: 86400 };
    // The reply fields: "This endpoint requires the threads_basic, threads_content_publish, and threads_manage_replies
    // permissions" (https://developers.facebook.com/documentation/threads/retrieve-and-manage-replies, Rate limits).
    if (fields.includes("reply_quota_usage") || fields.includes("reply_config")) sim.checkScopes(token, { scopes: ["threads_manage_replies"] });
    if (fields.includes("reply_quota_usage")) row.reply_quota_usage = quotaUsage(user.id, "reply", since);
    if (fields.includes("reply_config")) row.reply_config = { quota_total: THREADS_REPLY_QUOTA, quota_duration: 86400 };
    return { data: [row] };
  });

  // ------------------------------------------------------------------------------------------ Facebook Pages

  /**
   * Posting to a Page needs a Page access token of a person who can perform CREATE_CONTENT, with pages_manage_posts,
   * pages_read_engagement and pages_show_list (https://developers.facebook.com/docs/graph-api/reference/page/feed/
   * "Publishing" Requirements; the same three for photos and videos: …/page/photos "Creating", …/page/videos
   * "Creating"). The Pages API guide also names publish_video for videos (https://developers.facebook.com/docs/pages-api/posts);
   * the Page Videos reference does not: not required here. A user token: Graph answers a
   * code in the 200 range; the exact message is not on the reference pages; chosen: Graph's "(#200) If posting to a page,
   * requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission".
   * @param {Ctx} ctx @param {string} pageId
   */
  function pageAuth(ctx, pageId) {
    const token = sim.requireToken(ctx, { scopes: ["pages_manage_posts", "pages_read_engagement", "pages_show_list"], permissionErrorCode: 200, account: pageId });
    const page = sim.account(ctx, token, pageId);
    if (page.type !== "page") throw sim.unsupported(ctx.method, pageId);
    if (token.kind !== "page" || token.pageId !== page.id) {
      throw sim.graphError({ code: 200, type: "OAuthException", message: "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission" });
    }
    return { token, page: /** @type {import("./index.d.mts").Page & { type: "page" }} */ (page) };
  }

  /**
   * "Duplicate Post — Duplicate posts cannot be published consecutively" (code 506,
   * https://developers.facebook.com/docs/graph-api/guides/error-handling). Consecutive: the Page's latest post has the
   * same message and link (chosen). Tests can turn it off (sim.publish.state.options.duplicateCheck).
   * @param {string} pageId @param {string} message @param {string | undefined} link
   */
  function checkDuplicate(pageId, message, link) {
    if (!st.options.duplicateCheck || !message) return;
    let last = null;
    for (const m of sim.state.media.values()) if (m.type === "fb_post" && m.ownerId === pageId && (!last || m.createdAt >= last.createdAt)) last = m;
    if (last && last.message === message && (last.link ?? undefined) === (link ?? undefined)) {
      throw sim.graphError({ code: 506, type: "OAuthException", message: "(#506) Duplicate status message", userTitle: "Duplicate post" });
    }
  }

  /**
   * `attached_media` as documented (`attached_media[0]={"media_fbid":"…"}`, https://developers.facebook.com/docs/pages-api/posts
   * "Publish a multi-photo post") or as one JSON array. Each must be an unpublished photo of this Page, younger than 24 h
   * ("If you do not publish these photos within 24 hours, we delete them",
   * https://developers.facebook.com/docs/graph-api/reference/page/photos) and not attached yet (chosen).
   * @param {Ctx} ctx @param {string} pageId
   */
  function attachedMedia(ctx, pageId) {
    /** @type {string[]} */
    const raw = [];
    const keys = Object.keys(ctx.args).filter((k) => /^attached_media\[\d+\]$/.test(k)).sort((x, y) => Number(x.slice(15, -1)) - Number(y.slice(15, -1)));
    for (const k of keys) raw.push(/** @type {string} */ (ctx.args[k]));
    if (ctx.args.attached_media) {
      try {
        const v = JSON.parse(ctx.args.attached_media);
        for (const item of Array.isArray(v) ? v : [v]) raw.push(JSON.stringify(item));
      } catch {
        throw invalid("(#100) attached_media must be JSON: [{\"media_fbid\":\"...\"}]");
      }
    }
    return raw.map((r) => {
      let fbid;
      try {
        fbid = String(JSON.parse(r).media_fbid ?? "");
      } catch {
        fbid = "";
      }
      const photo = /** @type {any} */ (sim.state.objects.get(fbid));
      if (!photo || (photo.type !== "fb_photo" && photo.type !== "fb_video") || photo.pageId !== pageId) throw invalid(`(#100) attached_media: ${fbid || r} is not an unpublished photo of this Page.`);
      if (photo.published || photo.postId) throw invalid(`(#100) attached_media: ${fbid} is already published.`);
      if (sim.clock.now() - photo.createdAt >= DAY) throw invalid(`(#100) attached_media: ${fbid} was uploaded more than 24 hours ago and has been deleted.`);
      return photo;
    });
  }

  /** @param {import("./index.d.mts").Media} post @param {string} pageId */
  function recordPagePost(post, pageId) {
    st.publishes.push({ network: "facebook", accountId: pageId, at: sim.clock.now(), mediaId: post.id, containerId: null, kind: "post", synthetic: false });
  }

  /**
   * A Page photo or video upload: a node of its own; published, it is also a Page post (recorded against the Page);
   * unpublished, it waits (24 h) to be attached to a feed post.
   * @param {Token} token @param {string} pageId @param {{ type: "fb_photo" | "fb_video", published: boolean } & Record<string, unknown>} fields
   * @param {Partial<import("./index.d.mts").Media>} postFields
   */
  function pageUpload(token, pageId, fields, postFields) {
    const node = sim.put({ ...fields, id: sim.newId(fields.type === "fb_photo" ? "12" : "13"), pageId, ownerId: pageId, createdAt: sim.clock.now(), postId: /** @type {string | null} */ (null) });
    if (!fields.published) return { node, post: null };
    const post = sim.addMedia({ ...postFields, type: "fb_post", ownerId: pageId, appId: token.appId, children: [node.id] });
    node.postId = post.id;
    recordPagePost(post, pageId);
    return { node, post };
  }

  // POST /{page-id}/feed — message, link, attached_media → {"id": "<PAGE_ID>_<POST_ID>"}
  // (https://developers.facebook.com/docs/pages-api/posts).
  sim.route("POST", "facebook", "/:pageId/feed", async (ctx) => {
    const { token, page } = pageAuth(ctx, ctx.params.pageId ?? "");
    const a = ctx.args;
    const photos = attachedMedia(ctx, page.id);
    // "Either `link` or `message` must be supplied" (page/feed reference, "Publishing") — with attached_media too.
    if (!a.message && !a.link) throw invalid("(#100) Either link or message must be supplied.");
    if (a.link && !/^https?:\/\//i.test(a.link)) throw invalid("(#100) link must be an http(s) URL.");
    if (photos.length === 0) checkDuplicate(page.id, a.message ?? "", a.link);
    // `published=false` + scheduled_publish_time: the app schedules on its side; not simulated (chosen: refused).
    if (a.published !== undefined && !truthy(a.published)) throw invalid("(#100) Unpublished and scheduled posts are not simulated.");
    const post = sim.addMedia({
      type: "fb_post",
      ownerId: page.id,
      appId: token.appId,
      kind: a.link ? "link" : photos.length ? "photo" : "status",
      message: a.message,
      link: a.link,
      children: photos.length ? photos.map((p) => p.id) : undefined,
    });
    for (const p of photos) p.postId = post.id;
    recordPagePost(post, page.id);
    return maybeHang(ctx, "facebook", page.id) ?? { id: post.id };
  });

  // POST /{page-id}/photos — url, caption, published (https://developers.facebook.com/docs/graph-api/reference/page/photos,
  // https://developers.facebook.com/docs/pages-api/posts "Publish a photo"). Published → {"id": photo, "post_id": post};
  // published=false → {"id": photo}, kept 24 h for attached_media.
  sim.route("POST", "facebook", "/:pageId/photos", async (ctx) => {
    const { token, page } = pageAuth(ctx, ctx.params.pageId ?? "");
    const a = ctx.args;
    if (!a.url) throw invalid("(#100) The parameter url is required (file uploads are not simulated).");
    const f = await sim.fetchMedia(a.url);
    // Page Photos "Error Codes": 324 "Missing or invalid image file" — for a url that cannot be fetched, too.
    const badImage = (/** @type {string} */ why) => sim.graphError({ code: 324, type: "OAuthException", message: `(#324) Missing or invalid image file: ${why}` });
    if (!f.ok) throw badImage(`the photo could not be fetched from ${a.url} (${f.error ?? f.status})`);
    // Photo Specifications (page/photos "Creating"): file type .jpeg, .bmp, .png, .gif, .tiff; "Files can not exceed
    // 10MB" (error code for the size not documented; chosen 324 too).
    if (f.size > 10 * MIB) throw badImage("files can not exceed 10 MB");
    const img = sniffImage(f.bytes);
    if (!["jpeg", "png", "gif", "bmp", "tiff"].includes(img.format)) throw badImage(`the file type ${img.format} is not supported (jpeg, bmp, png, gif, tiff)`);
    const published = a.published === undefined ? true : truthy(a.published);
    if (published) checkDuplicate(page.id, a.caption ?? "", undefined);
    const { node, post } = pageUpload(token, page.id, { type: "fb_photo", url: a.url, caption: a.caption ?? a.message ?? null, altText: a.alt_text_custom ?? null, published }, { kind: "photo", message: a.caption ?? a.message, mediaUrl: a.url, altText: a.alt_text_custom });
    if (!post) return { id: node.id };
    return maybeHang(ctx, "facebook", page.id) ?? { id: node.id, post_id: post.id };
  });

  // POST /{page-id}/videos — file_url, description, title → {"id": video}
  // (https://developers.facebook.com/docs/graph-api/reference/page/videos, https://developers.facebook.com/docs/video-api/guides/publishing).
  sim.route("POST", "facebook", "/:pageId/videos", async (ctx) => {
    const { token, page } = pageAuth(ctx, ctx.params.pageId ?? "");
    const a = ctx.args;
    if (!a.file_url) throw invalid("(#100) The parameter file_url is required (file uploads are not simulated).");
    const f = await sim.fetchMedia(a.file_url);
    // Page Videos "Error Codes": 389 "Unable to fetch video file from URL.", 6000 "There was a problem uploading your
    // video file. Please try again with another file." (The simulator decides in the call; the formats it recognises:
    // MP4 and MOV.)
    if (!f.ok) throw sim.graphError({ code: 389, type: "OAuthException", message: `(#389) Unable to fetch video file from URL. (${a.file_url}: ${f.error ?? f.status})` });
    const v = sniffVideo(f.bytes);
    if (!v.container) throw sim.graphError({ code: 6000, type: "OAuthException", message: "(#6000) There was a problem uploading your video file. Please try again with another file." });
    const published = a.published === undefined ? true : truthy(a.published);
    const { node, post } = pageUpload(token, page.id, { type: "fb_video", url: a.file_url, title: a.title ?? null, description: a.description ?? null, published, durationSec: v.durationSec }, { kind: "video", message: a.description, mediaUrl: a.file_url });
    if (!post) return { id: node.id };
    return maybeHang(ctx, "facebook", page.id) ?? { id: node.id };
  });

  // Photo node (https://developers.facebook.com/docs/graph-api/reference/photo) and Video node
  // (https://developers.facebook.com/docs/graph-api/reference/video): the fields a client reads after publishing.
  sim.nodeType("fb_photo", (obj, _ctx, fields) => {
    const p = /** @type {any} */ (obj);
    const postId = p.postId;
    return sim.pick(
      { id: p.id, created_time: isoTime(p.createdAt), name: p.caption ?? undefined, alt_text_custom: p.altText ?? undefined, link: `https://www.facebook.com/photo.php?fbid=${p.id}`, page_story_id: postId ?? undefined, from: { id: p.pageId } },
      fields,
      ["id", "created_time"],
      "Photo",
    );
  });
  sim.nodeType("fb_video", (obj, _ctx, fields) => {
    const v = /** @type {any} */ (obj);
    return sim.pick(
      {
        id: v.id,
        created_time: isoTime(v.createdAt),
        title: v.title ?? undefined,
        description: v.description ?? undefined,
        permalink_url: `/${v.pageId}/videos/${v.id}/`,
        post_id: v.postId ?? undefined,
        published: v.published,
        length: v.durationSec ?? undefined,
        status: { video_status: "ready" },
        from: { id: v.pageId },
      },
      fields,
      ["id", "created_time"],
      "Video",
    );
  });
}
