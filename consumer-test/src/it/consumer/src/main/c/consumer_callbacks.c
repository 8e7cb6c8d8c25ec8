/* A user's C library that calls Java back from a thread of its own (not one threadrt started). */
#include <pthread.h>
#include <stdint.h>

struct call { void (*fn)(int32_t); int32_t n; };

static void *caller(void *arg) {
    struct call *c = arg;
    for (int32_t i = 0; i < c->n; i++) {
        c->fn(i);
    }
    return NULL;
}

/* Starts a pthread that calls fn(0) .. fn(n - 1), and joins it. Returns 0 or pthread_create's error. */
int32_t consumer_call_from_new_thread(void (*fn)(int32_t), int32_t n) {
    struct call c = { fn, n };
    pthread_t t;
    int rc = pthread_create(&t, NULL, caller, &c);
    if (rc != 0) {
        return rc;
    }
    pthread_join(t, NULL);
    return 0;
}
