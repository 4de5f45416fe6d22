// Channel names, so that two channels cannot take the same one. Thread channels: a set
// in this process. Local-process channels: an abstract AF_UNIX socket name (Linux's
// abstract namespace, "\0smvn-ipc/<uid>/<name>"): unique on the machine, never a file in
// /tmp, released by the kernel with the last descriptor, even after a crash; children
// inherit the descriptor, so the name lives as long as some process has the channel.
#pragma once

#include <string>

namespace smvn::ipc {

// Takes NAME for a thread channel; NameTaken if this process has one already.
void claim_thread_name(const std::string& name);
void release_thread_name(const std::string& name);
// Takes NAME on this machine for a local-process channel; returns the descriptor that
// holds it (close to release). NameTaken if any process holds it.
int claim_local_name(const std::string& name);

}  // namespace smvn::ipc
