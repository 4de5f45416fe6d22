// The two ways a pipe transport can carry a large payload with fewer copies than
// write + read (two copies: into the pipe's pages, out of them):
//
//   vmsplice            the sender's pages enter the pipe by reference; the reader's read()
//                       is the one copy. The pages stay the sender's, so a send returns
//                       only once the reader has consumed them (an acknowledgement).
//   process_vm_readv    cross memory attach: the receiver copies straight out of the
//                       sender's address space (one copy), told the address through the
//                       pipe; the sender waits for the acknowledgement as well. It needs
//                       ptrace permission over the sender (Yama ptrace_scope 1 allows only
//                       an ancestor; a child cannot read its parent): without it the
//                       payload falls back to the pipe, once said on stderr.
//
// stream_fabric.cpp uses them for messages of at least kBulkMin bytes; below that the
// acknowledgement round trip costs more than the copy it saves.
#pragma once

#include <cstddef>
#include <string>
#include <sys/types.h>

namespace smvn::ipc {

constexpr size_t kBulkMin = 64 * 1024;

// Splices SIZE bytes at DATA into pipe FD (blocking; partial splices continue). False if
// the reader went away (EPIPE); throws on other errors.
bool vmsplice_all(int fd, const void* data, size_t size);

enum class CmaResult { Ok, NoPermission, Gone };
// Copies SIZE bytes at REMOTE in process PID to LOCAL. NoPermission: EPERM (ptrace); the
// first time in this process it prints why and that the pipe carries the bytes instead.
// Gone: the process exited (ESRCH) or the range is no longer mapped (EFAULT).
CmaResult cma_read(pid_t pid, unsigned long remote, void* local, size_t size, const std::string& channel);

// Test hook: makes cma_read answer NoPermission (root has CAP_SYS_PTRACE, so a test
// cannot otherwise see the fallback).
void cma_deny_for_testing(bool deny);

}  // namespace smvn::ipc
