/* The image work of a cold build, alone: each portrait (a photo of a consenting person) and each
   PDF preview of a corpus made on `threads` threads, in two ways:
   - "maillage": Maillage's own functions (Sources/CMaillageImages/images.c, compiled in);
   - "floor": the cheapest settings libvips offers for what the site needs (portraits of 320 and
     160 pixels in WebP and a JPEG of 160, a PNG of a PDF's first page 480 pixels high): a linear
     resampling kernel instead of Lanczos, halving by averaging 2 x 2 pixels, WebP at effort 0,
     JPEG without optimised coding, PNG at compression 1.
   Reads "P path" (portrait) and "D path" (PDF) lines on standard input; prints the seconds the
   whole took. See benchmarks/image_floor.sh. */
#include "maillage_images.h"
#include <vips/vips.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { PORTRAIT = 'P', DOCUMENT = 'D' };
typedef struct { char kind; char *path; } Job;

static Job *jobs;
static int job_count, next_job, floor_mode, failures;
static const char *out_dir;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int floor_portrait(const char *input, const char *a, const char *b, const char *c) {
    VipsImage *image = vips_image_new_from_file(input, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) return -1;
    int w = vips_image_get_width(image), h = vips_image_get_height(image), side = w < h ? w : h;
    VipsImage *square = NULL, *large = NULL, *memory = NULL, *small = NULL;
    int status = vips_extract_area(image, &square, (w - side) / 2, (h - side) / 2, side, side, NULL);
    if (!status) status = vips_resize(square, &large, 320.0 / side, "kernel", VIPS_KERNEL_LINEAR, NULL);
    if (!status) status = (memory = vips_image_copy_memory(large)) ? 0 : -1;
    if (!status) status = vips_webpsave(memory, a, "Q", 72, "strip", TRUE, "effort", 0, NULL);
    if (!status) status = vips_shrink(memory, &small, 2, 2, NULL);
    if (!status) status = vips_webpsave(small, b, "Q", 72, "strip", TRUE, "effort", 0, NULL);
    if (!status) status = vips_jpegsave(small, c, "Q", 78, "strip", TRUE, NULL);
    VipsImage *all[] = { image, square, large, memory, small };
    for (int i = 0; i < 5; i++) if (all[i]) g_object_unref(all[i]);
    return status;
}

static int floor_preview(const char *input, const char *png) {
    VipsImage *thumb = NULL;
    if (vips_thumbnail(input, &thumb, 480, "height", 480, "size", VIPS_SIZE_DOWN, NULL)) return -1;
    int status = vips_pngsave(thumb, png, "strip", TRUE, "compression", 1, NULL);
    g_object_unref(thumb);
    return status;
}

static void *work(void *arg) {
    long worker = (long) arg;
    char a[4096], b[4096], c[4096], error[1024];
    snprintf(a, sizeof a, "%s/%ld-a.webp", out_dir, worker);
    snprintf(b, sizeof b, "%s/%ld-b.webp", out_dir, worker);
    snprintf(c, sizeof c, "%s/%ld-c.jpg", out_dir, worker);
    for (;;) {
        pthread_mutex_lock(&lock);
        int k = next_job++;
        pthread_mutex_unlock(&lock);
        if (k >= job_count) return NULL;
        Job job = jobs[k];
        int status, width, height;
        if (job.kind == PORTRAIT) {
            status = floor_mode ? floor_portrait(job.path, a, b, c)
                                : maillage_portrait(job.path, 160, a, b, c, error, sizeof error);
        } else {
            status = floor_mode ? floor_preview(job.path, c)
                                : maillage_preview(job.path, 480, c, &width, &height, error, sizeof error);
        }
        if (status) {
            pthread_mutex_lock(&lock);
            failures++;
            fprintf(stderr, "%s: %s\n", job.path, vips_error_buffer());
            pthread_mutex_unlock(&lock);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: image_floor floor|maillage THREADS OUT_DIR < jobs\n");
        return 2;
    }
    floor_mode = strcmp(argv[1], "floor") == 0;
    int threads = atoi(argv[2]);
    out_dir = argv[3];
    if (maillage_images_start() != 0) return 1;  /* the same libvips settings as Maillage's */
    char line[4096];
    int capacity = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        if (strlen(line) < 3 || (line[0] != PORTRAIT && line[0] != DOCUMENT)) continue;
        if (job_count == capacity) jobs = realloc(jobs, (capacity = capacity ? 2 * capacity : 256) * sizeof(Job));
        jobs[job_count++] = (Job) { line[0], strdup(line + 2) };
    }
    double start = now();
    pthread_t ids[64];
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    for (long i = 0; i < threads; i++) pthread_create(&ids[i], NULL, work, (void *) i);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    printf("%.2f\n", now() - start);
    return failures ? 1 : 0;
}
