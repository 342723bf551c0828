/*
 * image.c -- thumbnails with libvips (see image.h).
 *
 * vips_thumbnail_buffer() shrinks while decoding where the format allows
 * (JPEG at 1/2, 1/4, 1/8; WebP), so a 24-megapixel photo never becomes a
 * 72 MB pixel buffer; the header is read first so that an image claiming
 * 50,000 x 50,000 px is refused before anything is decoded.
 */
#include "image.h"
#include "../core/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

static pthread_once_t vips_once = PTHREAD_ONCE_INIT;
static bool vips_ready;

/* libvips reports damaged tiles through g_warning(): into our log, not
 * onto the server's stderr as lines of another format */
static void vips_warning(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)data;
	log_info("image", "step", "warning", "msg", msg, NULL);
}

static void vips_start(void)
{
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE, vips_warning, NULL);
	if (VIPS_INIT("sklaida") != 0) {
		log_warn("vips_init_failed", "msg", vips_error_buffer(), NULL);
		vips_error_clear();
		return;
	}
	/* no operation cache: every image is seen once, and the cache would
	 * keep decoded pixels of uploads around */
	vips_cache_set_max(0);
	vips_concurrency_set(1);
	vips_ready = true;
}

/* libvips keeps its error text per process: the message goes to the log,
 * never to the person (it may name internals). */
static void vips_fail(const char *what)
{
	char msg[256];
	snprintf(msg, sizeof msg, "%s", vips_error_buffer());
	vips_error_clear();
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	log_info("image", "step", what, "msg", msg, NULL);
}

enum image_result image_thumbnail(const void *data, size_t len, int edge, void **out, size_t *outlen, int *w, int *h)
{
	*out = NULL;
	*outlen = 0;
	pthread_once(&vips_once, vips_start);
	if (!vips_ready)
		return IMAGE_FAILED;
	if (!data || !len)
		return IMAGE_UNREADABLE;
	enum image_result res = IMAGE_FAILED;
	VipsImage *head = NULL, *thumb = NULL, *flat = NULL;
	void *jpeg = NULL;
	size_t jlen = 0;

	/* the header only: the loaders are lazy until pixels are asked for */
	head = vips_image_new_from_buffer(data, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
	if (!head) {
		vips_fail("header");
		res = IMAGE_UNREADABLE;
		goto out;
	}
	int iw = vips_image_get_width(head), ih = vips_image_get_height(head);
	if (w)
		*w = iw;
	if (h)
		*h = ih;
	if (iw <= 0 || ih <= 0) {
		res = IMAGE_UNREADABLE;
		goto out;
	}
	if ((long long)iw * ih > IMAGE_MAX_PIXELS) {
		res = IMAGE_TOO_LARGE;
		goto out;
	}
	/* the loader's fail_on (through option_string: thumbnail's own
	 * fail_on does not reach it in 8.14): a truncated or damaged file is
	 * refused instead of shown grey where its bytes end */
	if (vips_thumbnail_buffer((void *)data, len, &thumb, edge, "height", edge, "size", VIPS_SIZE_DOWN,
	                          "option_string", "fail_on=error", NULL) != 0) {
		vips_fail("thumbnail");
		res = IMAGE_UNREADABLE;
		goto out;
	}
	VipsImage *img = thumb;
	if (vips_image_hasalpha(thumb)) {
		VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
		int rc = vips_flatten(thumb, &flat, "background", white, NULL);
		vips_area_unref(VIPS_AREA(white));
		if (rc != 0) {
			vips_fail("flatten");
			goto out;
		}
		img = flat;
	}
	/* the pipeline is lazy: the source is decoded while the JPEG is
	 * written, so a damaged file fails here */
	if (vips_jpegsave_buffer(img, &jpeg, &jlen, "Q", 82, "strip", TRUE, "optimize_coding", TRUE, NULL) != 0) {
		vips_fail("jpegsave");
		res = IMAGE_UNREADABLE;
		goto out;
	}
	/* ours to free with free(), not g_free() */
	*out = xmalloc(jlen);
	memcpy(*out, jpeg, jlen);
	*outlen = jlen;
	res = IMAGE_OK;
out:
	g_free(jpeg);
	if (flat)
		g_object_unref(flat);
	if (thumb)
		g_object_unref(thumb);
	if (head)
		g_object_unref(head);
	/* the per-thread buffers libvips keeps for this thread's work */
	vips_thread_shutdown();
	return res;
}
