/* smvn-ipc from C: channels and sockets (ipc.h is the C++ API; this is a thin layer over
 * it). Every call returns SMVN_IPC_OK (0) or a negative error code; the message of the
 * last error of the calling thread is smvn_ipc_last_error(). */
#ifndef SMVN_IPC_H
#define SMVN_IPC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum smvn_ipc_status {
  SMVN_IPC_OK = 0,
  SMVN_IPC_ETIMEOUT = -1,
  SMVN_IPC_EPEERDIED = -2,
  SMVN_IPC_ENAMETAKEN = -3,
  SMVN_IPC_ETOOLARGE = -4,
  SMVN_IPC_EFULL = -5,
  SMVN_IPC_EUNSUPPORTED = -6,
  SMVN_IPC_EWRONGPROCESS = -7,
  SMVN_IPC_ESYSTEM = -8
};

enum smvn_ipc_context { SMVN_IPC_THREAD = 0, SMVN_IPC_LOCAL = 1, SMVN_IPC_DISTRIBUTED = 2 };
enum smvn_ipc_transport {
  SMVN_IPC_AUTO = 0, SMVN_IPC_LOCKFREE = 1, SMVN_IPC_SHM = 2, SMVN_IPC_PIPE = 3, SMVN_IPC_UNIX = 4, SMVN_IPC_TCP = 5,
  SMVN_IPC_VMSPLICE = 6, SMVN_IPC_CMA = 7
};

typedef struct smvn_ipc_options {
  int one_to_one;          /* 0: many-to-many */
  unsigned asynchrony;     /* 0: default (16) */
  size_t max_message;      /* 0: default (1 MiB) */
  unsigned max_endpoints;  /* 0: default (16) */
  int transport;           /* enum smvn_ipc_transport */
  const char* address;     /* distributed: "host:port" */
} smvn_ipc_options;

typedef struct smvn_ipc_channel smvn_ipc_channel;
typedef struct smvn_ipc_socket smvn_ipc_socket;

int smvn_ipc_channel_open(const char* name, int context, const smvn_ipc_options* options, smvn_ipc_channel** out);
void smvn_ipc_channel_close(smvn_ipc_channel* channel);

int smvn_ipc_server(smvn_ipc_channel* channel, smvn_ipc_socket** out);
int smvn_ipc_client(smvn_ipc_channel* channel, const char* name, smvn_ipc_socket** out);
int smvn_ipc_producer(smvn_ipc_channel* channel, smvn_ipc_socket** out);
int smvn_ipc_consumer(smvn_ipc_channel* channel, smvn_ipc_socket** out);
void smvn_ipc_socket_close(smvn_ipc_socket* socket);

/* Client: a request; producer: a push; server: the reply to the last request. */
int smvn_ipc_send(smvn_ipc_socket* socket, const void* data, size_t size);
/* Copies the next message into BUF; returns its size (>= 0) or an error. TIMEOUT_MS < 0
 * waits without limit. SMVN_IPC_ETOOLARGE leaves the message queued. */
long smvn_ipc_receive(smvn_ipc_socket* socket, void* buf, size_t capacity, long timeout_ms);

const char* smvn_ipc_last_error(void);

#ifdef __cplusplus
}
#endif

#endif
