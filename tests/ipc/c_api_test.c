/* The C header from C (compiled as C11, linked with the C++ library): every call a C
 * program makes, the errors it sees as status codes, and a forked peer. Exits 0 when all
 * checks pass; prints the first failing check otherwise. Children run under alarm(). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ipc/smvn_ipc.h"

static int failures = 0;
#define CHECK(cond)                                                                       \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__,   \
              #cond, smvn_ipc_last_error());                                              \
      ++failures;                                                                         \
    }                                                                                     \
  } while (0)

/* Request and reply with a forked client; then the client dies without closing. */
static void local_process(void) {
  smvn_ipc_options o;
  memset(&o, 0, sizeof o);
  o.one_to_one = 1;
  o.max_message = 4096;
  /* Local names are machine-wide: the pid keeps concurrent test runs apart. */
  char name[64];
  snprintf(name, sizeof name, "c-api-local.%d", (int)getpid());
  smvn_ipc_channel* ch = NULL;
  CHECK(smvn_ipc_channel_open(name, SMVN_IPC_LOCAL, &o, &ch) == SMVN_IPC_OK);
  if (!ch) return;
  smvn_ipc_channel* dup = NULL;
  CHECK(smvn_ipc_channel_open(name, SMVN_IPC_LOCAL, &o, &dup) == SMVN_IPC_ENAMETAKEN);
  CHECK(strstr(smvn_ipc_last_error(), name) != NULL);

  const pid_t child = fork();
  if (child == 0) {
    alarm(20);
    smvn_ipc_socket* c = NULL;
    if (smvn_ipc_client(ch, "c-child", &c) != SMVN_IPC_OK) _exit(1);
    if (smvn_ipc_send(c, "hello", 5) != SMVN_IPC_OK) _exit(2);
    char r[16] = {0};
    if (smvn_ipc_receive(c, r, sizeof r, 5000) != 5 || memcmp(r, "HELLO", 5) != 0) _exit(3);
    _exit(0); /* no socket_close: to the server this client died */
  }
  smvn_ipc_socket* s = NULL;
  CHECK(smvn_ipc_server(ch, &s) == SMVN_IPC_OK);
  char tiny[2], buf[16] = {0};
  CHECK(smvn_ipc_receive(s, tiny, sizeof tiny, 5000) == SMVN_IPC_ETOOLARGE); /* stays queued */
  CHECK(smvn_ipc_receive(s, buf, sizeof buf, 5000) == 5);
  CHECK(memcmp(buf, "hello", 5) == 0);
  CHECK(smvn_ipc_send(s, "HELLO", 5) == SMVN_IPC_OK);
  int st = 0;
  CHECK(waitpid(child, &st, 0) == child && WIFEXITED(st) && WEXITSTATUS(st) == 0);
  CHECK(smvn_ipc_receive(s, buf, sizeof buf, 3000) == SMVN_IPC_EPEERDIED);
  smvn_ipc_socket_close(s);
  smvn_ipc_channel_close(ch);
}

/* Producer and consumer between threads of this process (one thread here), a timeout,
 * and operations a pattern does not have. */
static void thread_context(void) {
  smvn_ipc_channel* ch = NULL;
  CHECK(smvn_ipc_channel_open("c-api-thread", SMVN_IPC_THREAD, NULL, &ch) == SMVN_IPC_OK);
  if (!ch) return;
  smvn_ipc_socket *p = NULL, *c = NULL;
  CHECK(smvn_ipc_producer(ch, &p) == SMVN_IPC_OK);
  CHECK(smvn_ipc_consumer(ch, &c) == SMVN_IPC_OK);
  char buf[8] = {0};
  CHECK(smvn_ipc_receive(c, buf, sizeof buf, 20) == SMVN_IPC_ETIMEOUT);
  for (int i = 0; i < 3; ++i) CHECK(smvn_ipc_send(p, &i, sizeof i) == SMVN_IPC_OK);
  for (int i = 0; i < 3; ++i) {
    int v = -1;
    CHECK(smvn_ipc_receive(c, &v, sizeof v, 1000) == (long)sizeof v);
    CHECK(v == i);
  }
  CHECK(smvn_ipc_send(c, "x", 1) == SMVN_IPC_EUNSUPPORTED);
  CHECK(smvn_ipc_receive(p, buf, sizeof buf, 10) == SMVN_IPC_EUNSUPPORTED);
  smvn_ipc_socket_close(c);
  smvn_ipc_socket_close(p);
  smvn_ipc_channel_close(ch);
  smvn_ipc_options bad;
  memset(&bad, 0, sizeof bad);
  bad.transport = SMVN_IPC_PIPE; /* not a thread transport */
  CHECK(smvn_ipc_channel_open("c-api-bad", SMVN_IPC_THREAD, &bad, &ch) == SMVN_IPC_EUNSUPPORTED);
}

int main(void) {
  alarm(60);
  local_process();
  thread_context();
  if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
  else printf("c_api_test: all checks passed\n");
  return failures ? 1 : 0;
}
