// One-to-one transports over byte streams: a pair of pipes, an AF_UNIX socket pair (both
// made by the Channel before fork and inherited), or TCP (the server listens on the
// channel's address, the client connects). A message is a 16-byte header (size, sender,
// sequence) and its bytes, copied in by write and out by read. Each side closes the
// descriptors of the other when it attaches, so a peer's death reads as end of stream:
// PeerDied, never a hang. The stream side that serves (server or consumer) is endpoint
// 1, the other endpoint 2.
#pragma once

#include <memory>

#include "ipc/fabric.h"

namespace smvn::ipc {

struct ChannelOptions;
enum class Transport;
std::shared_ptr<Fabric> make_stream_fabric(const std::string& channel, const ChannelOptions& opts, Transport t);

}  // namespace smvn::ipc
