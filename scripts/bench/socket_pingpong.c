// The floor a plan's round trip stands on: 200 bytes sent over a Unix stream socket to another
// process and back, with nothing else done — once answered straight from the receiving thread,
// once handed to a second thread first, as the runner's reader thread hands a message to its main
// thread. Compare with the plan round trip's benchmark (DEVELOPERS.md, "The main job").
//
// Usage: gcc -O2 -pthread scripts/bench/socket_pingpong.c -o /tmp/socket_pingpong && /tmp/socket_pingpong [COUNT]
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MESSAGE = 200 };
static int descriptor;
static char message[MESSAGE];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int pending = 0;

static long nanoseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000000000L + now.tv_nsec;
}

// The second thread: answers each message the receiving thread hands over.
static void *answering(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (!pending) pthread_cond_wait(&arrived, &lock);
        pending = 0;
        pthread_mutex_unlock(&lock);
        send(descriptor, message, MESSAGE, 0);
    }
    return NULL;
}

static void peer(int hop) {
    pthread_t thread;
    if (hop) pthread_create(&thread, NULL, answering, NULL);
    while (recv(descriptor, message, MESSAGE, MSG_WAITALL) == MESSAGE) {
        if (!hop) {
            send(descriptor, message, MESSAGE, 0);
            continue;
        }
        pthread_mutex_lock(&lock);
        pending = 1;
        pthread_cond_signal(&arrived);
        pthread_mutex_unlock(&lock);
    }
    exit(0);
}

static int ascending(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void measure(int hop, int count) {
    int pair[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    if (fork() == 0) {
        close(pair[0]);
        descriptor = pair[1];
        peer(hop);
    }
    close(pair[1]);
    long *took = malloc(sizeof(long) * count);
    char buffer[MESSAGE] = {0};
    for (int i = 0; i < count; i++) {
        long started = nanoseconds();
        send(pair[0], buffer, MESSAGE, 0);
        recv(pair[0], buffer, MESSAGE, MSG_WAITALL);
        took[i] = nanoseconds() - started;
    }
    close(pair[0]);
    wait(NULL);
    qsort(took, count, sizeof(long), ascending);
    printf("%-30s p50 %6.1f µs   p90 %6.1f µs   p99 %6.1f µs\n", hop ? "answered by a second thread:" : "answered by the receiver:",
           took[count / 2] / 1e3, took[count * 9 / 10] / 1e3, took[count * 99 / 100] / 1e3);
    fflush(stdout);  // before the next fork copies what is buffered
    free(took);
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 20000;
    if (count < 100) count = 100;
    measure(0, count);
    measure(1, count);
    return 0;
}
