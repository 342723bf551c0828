/*
 * social.h -- the platforms' publishing APIs (REQUIREMENTS C4, X12),
 * spoken over HTTPS through libcurl:
 *
 *   Facebook Page   POST {graph}/{page-id}/feed  message, link
 *                   -> {"id": "PAGEID_POSTID"}
 *   Instagram       POST {graph}/{ig-user-id}/media  image_url, caption
 *                   -> {"id": container}; then
 *                   POST {graph}/{ig-user-id}/media_publish  creation_id
 *                   -> {"id": media}; GET {graph}/{media}?fields=permalink
 *   YouTube         PUT {youtube}/youtube/v3/videos?part=snippet,status
 *                   {"id", "snippet": {title, description, categoryId},
 *                    "status": {"privacyStatus": "public"}}: a video the
 *                   studio uploaded as private goes public at its time
 *                   with the approved title and description.
 *
 * The base URLs come from SKLAIDA_GRAPH_URL (default
 * https://graph.facebook.com/v19.0) and SKLAIDA_YOUTUBE_URL (default
 * https://www.googleapis.com), so tests point them at a loopback server
 * that answers with the shapes of the platforms' documentation. Tokens
 * go in the request body (Graph) or the Authorization header (YouTube),
 * never in a URL, and are cut out of any error text before it is kept.
 *
 * Errors are sorted by what the caller should do:
 *   SOC_RETRY   rate limits (Graph codes 4, 17, 32, 613, 80001; HTTP
 *               429; YouTube rateLimitExceeded/quotaExceeded), the
 *               platform's transient errors (Graph 1, 2; HTTP 5xx),
 *               network errors: try again later (*retry_after seconds
 *               when the platform says);
 *   SOC_TOKEN   the token is expired, revoked or lacks a permission
 *               (Graph 190, 102, 10, 200-299; HTTP 401): a person must
 *               renew it; retrying will not help;
 *   SOC_REJECT  the platform refuses this post (Graph 100 invalid
 *               parameter, 368, 506 duplicate; HTTP 400/403 otherwise):
 *               the text or the image must change.
 */
#ifndef SK_SOCIAL_H
#define SK_SOCIAL_H

#include "../core/core.h"

enum soc_result { SOC_OK = 0, SOC_RETRY, SOC_TOKEN, SOC_REJECT };

struct soc_post {
	const char *platform;      /* "facebook" | "instagram" | "youtube" */
	const char *account_id;    /* page id, Instagram user id, or the YouTube video id */
	const char *token;
	const char *text;          /* message / caption / description */
	const char *title;         /* YouTube */
	const char *link;          /* Facebook: link; "" none */
	const char *image_url;     /* Instagram: required */
};

struct soc_out {
	char id[128];              /* the platform's id of the post */
	char url[512];             /* where people see it */
	char err[512];             /* why not (token removed) */
	int retry_after;           /* seconds, 0 = unknown */
};

enum soc_result soc_publish(const struct soc_post *p, struct soc_out *out);

/* Facebook only: is there a recent post on the page with exactly this
 * message (the re-run after a crash between the call and its record
 * asks before posting again)? SOC_OK and out->id/url when found;
 * SOC_REJECT when not found; the others as soc_publish. */
enum soc_result soc_find_recent(const struct soc_post *p, int64_t since, struct soc_out *out);

/* The platforms' limits, checked before anything is scheduled. */
#define SOC_FB_MAX_CHARS 63206
#define SOC_IG_MAX_CHARS 2200
#define SOC_IG_MAX_HASHTAGS 30
#define SOC_YT_MAX_TITLE 100
#define SOC_YT_MAX_DESC_BYTES 5000

#endif
