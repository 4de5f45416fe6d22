// The local-process transport: the SMVN pool of the simulated driver, on the host. One
// anonymous shared mapping (MAP_SHARED | MAP_ANONYMOUS, made by the Channel before any
// fork: inherited by the children, nothing in /dev/shm, gone with the last process)
// holds a control block (endpoints: pid, role, name, doorbells, death reports) and the
// pool: the global FreeList of slots and one InputList per list (smvn_pool/lists.h, the
// driver's algorithm text, with host atomics as the memory policy, host_memory.h).
//
//   send (copy):  pop a FreeList slot (or sleep as a waiter until one returns), copy in,
//                 append to the destination InputList, ring its doorbell if it was armed
//   send (move):  the same on a slot the sender allocated and filled: no copy
//   receive:      unlink one slot; the message is read in place; releasing it pushes the
//                 slot back on the FreeList and wakes the senders waiting for one
//
// The asynchrony bound is the slot count. Many-to-many goes through the shared-memory
// queue itself, no broker: list 0 is one InputList that every server or consumer
// unlinks from, so whoever is free takes the next message (load balancing for free, one
// hop less than a broker). A dead process is found through pidfds while waiting; the
// first survivor to see it reclaims what it held (messages for a dead server or consumer
// go back on list 0 for another; a dead client's are freed and reported to their
// senders as unacknowledged).
#pragma once

#include <memory>

#include "ipc/fabric.h"

namespace smvn::ipc {

struct ChannelOptions;
std::shared_ptr<Fabric> make_shm_fabric(const std::string& channel, const ChannelOptions& opts);

}  // namespace smvn::ipc
