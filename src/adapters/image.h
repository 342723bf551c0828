/*
 * image.h -- derived images of the media library, made with libvips:
 * the thumbnail the library, the press room and the pickers show
 * instead of the original (which may be a 20 MB camera file).
 *
 * A thumbnail is a baseline sRGB JPEG with every metadata block stripped
 * (EXIF with the camera's GPS position, XMP, IPTC, the ICC profile after
 * conversion): what is shown on a public page tells nothing the photo
 * itself does not. The original is kept as uploaded -- it is the archive.
 *
 * Nothing here touches the database. libvips starts on the first call
 * (servers that never see an image never load it), with its operation
 * cache off and one worker thread per call.
 */
#ifndef SK_IMAGE_H
#define SK_IMAGE_H

#include "../core/core.h"

#define IMAGE_THUMB_EDGE 480                  /* px, the longer side at most */
#define IMAGE_MAX_PIXELS (100LL * 1000 * 1000)  /* larger images are refused, not decoded */

enum image_result {
	IMAGE_OK,
	IMAGE_UNREADABLE,   /* libvips cannot decode the bytes: damaged, or not what the type says */
	IMAGE_TOO_LARGE,    /* more than IMAGE_MAX_PIXELS (a decompression bomb, or a scan at 1200 dpi) */
	IMAGE_FAILED,       /* libvips did not start, or could not encode */
};

/* The thumbnail of data[0..len) as a JPEG at most `edge` px on its
 * longer side (never enlarged); transparency is flattened onto white.
 * On IMAGE_OK *out is malloc'd (the caller frees) and *outlen its size;
 * *w and *h (may be NULL) the original's dimensions. */
enum image_result image_thumbnail(const void *data, size_t len, int edge, void **out, size_t *outlen, int *w, int *h);

#endif
