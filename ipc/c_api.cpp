#include "ipc/smvn_ipc.h"

#include <memory>
#include <string>

#include "ipc/ipc.h"

using namespace smvn::ipc;

struct smvn_ipc_channel {
  std::unique_ptr<Channel> ch;
};
struct smvn_ipc_socket {
  std::unique_ptr<Socket> s;
  enum Kind { Server, Client, Producer, Consumer } kind;
};

namespace {
thread_local std::string g_error;

int status_of(Errc c) {
  switch (c) {
    case Errc::Timeout: return SMVN_IPC_ETIMEOUT;
    case Errc::PeerDied: return SMVN_IPC_EPEERDIED;
    case Errc::NameTaken: return SMVN_IPC_ENAMETAKEN;
    case Errc::MessageTooLarge: return SMVN_IPC_ETOOLARGE;
    case Errc::ChannelFull: return SMVN_IPC_EFULL;
    case Errc::Unsupported: return SMVN_IPC_EUNSUPPORTED;
    case Errc::WrongProcess: return SMVN_IPC_EWRONGPROCESS;
    case Errc::System: return SMVN_IPC_ESYSTEM;
  }
  return SMVN_IPC_ESYSTEM;
}

template <class F>
long guarded(F&& f) {
  try {
    return f();
  } catch (const Error& e) {
    g_error = e.what();
    return status_of(e.code());
  } catch (const std::exception& e) {
    g_error = e.what();
    return SMVN_IPC_ESYSTEM;
  }
}

template <class S, class... A>
int make(smvn_ipc_channel* ch, smvn_ipc_socket::Kind k, smvn_ipc_socket** out, A&&... a) {
  return int(guarded([&] {
    auto* s = new smvn_ipc_socket{std::make_unique<S>(*ch->ch, std::forward<A>(a)...), k};
    *out = s;
    return 0L;
  }));
}
}  // namespace

extern "C" {

int smvn_ipc_channel_open(const char* name, int context, const smvn_ipc_options* o, smvn_ipc_channel** out) {
  return int(guarded([&] {
    ChannelOptions opts;
    if (o) {
      if (o->one_to_one) opts.topology = Topology::OneToOne;
      if (o->asynchrony) opts.asynchrony = o->asynchrony;
      if (o->max_message) opts.max_message = o->max_message;
      if (o->max_endpoints) opts.max_endpoints = o->max_endpoints;
      opts.transport = Transport(o->transport);
      if (o->address) opts.address = o->address;
    }
    *out = new smvn_ipc_channel{std::make_unique<Channel>(name, Context(context), opts)};
    return 0L;
  }));
}
void smvn_ipc_channel_close(smvn_ipc_channel* c) { delete c; }

int smvn_ipc_server(smvn_ipc_channel* c, smvn_ipc_socket** out) {
  return make<ServerSocket>(c, smvn_ipc_socket::Server, out);
}
int smvn_ipc_client(smvn_ipc_channel* c, const char* name, smvn_ipc_socket** out) {
  return make<ClientSocket>(c, smvn_ipc_socket::Client, out, std::string(name));
}
int smvn_ipc_producer(smvn_ipc_channel* c, smvn_ipc_socket** out) {
  return make<ProducerSocket>(c, smvn_ipc_socket::Producer, out);
}
int smvn_ipc_consumer(smvn_ipc_channel* c, smvn_ipc_socket** out) {
  return make<ConsumerSocket>(c, smvn_ipc_socket::Consumer, out);
}
void smvn_ipc_socket_close(smvn_ipc_socket* s) { delete s; }

int smvn_ipc_send(smvn_ipc_socket* s, const void* data, size_t size) {
  return int(guarded([&]() -> long {
    switch (s->kind) {
      case smvn_ipc_socket::Server: static_cast<ServerSocket&>(*s->s).reply(data, size); return 0;
      case smvn_ipc_socket::Client: static_cast<ClientSocket&>(*s->s).send(data, size); return 0;
      case smvn_ipc_socket::Producer: static_cast<ProducerSocket&>(*s->s).send(data, size); return 0;
      case smvn_ipc_socket::Consumer: break;
    }
    throw Error(Errc::Unsupported, "smvn-ipc: a consumer socket does not send");
  }));
}

long smvn_ipc_receive(smvn_ipc_socket* s, void* buf, size_t capacity, long timeout_ms) {
  return guarded([&]() -> long {
    if (timeout_ms < 0) return long(s->s->receive(buf, capacity));
    return long(s->s->try_receive(buf, capacity, std::chrono::milliseconds(timeout_ms)));
  });
}

const char* smvn_ipc_last_error(void) { return g_error.c_str(); }

}  // extern "C"
