// The thread context's transport: one lock-free queue (mpmc_queue.h) per list, carrying
// descriptors of messages (pointer, size, sender, sequence, who frees it). Copy semantics
// copy into a heap buffer the receiver frees; move semantics pass the sender's pointer,
// read in place, freed by the sender's deallocator. A full queue (the asynchrony bound)
// makes the sender wait; an empty one makes the receiver spin briefly, then sleep on
// the list's doorbell (bell.h, private futex).
#pragma once

#include <memory>

#include "ipc/fabric.h"

namespace smvn::ipc {

struct ChannelOptions;
std::shared_ptr<Fabric> make_thread_fabric(const std::string& channel, const ChannelOptions& opts);

}  // namespace smvn::ipc
