#include "driver/net_device.h"

#include <stdexcept>

namespace smvn::driver {

namespace {
[[noreturn]] void no_zero_copy(const char* call) {
  throw std::logic_error(std::string("net device: ") + call + ": this device has no zero-copy mode");
}
}  // namespace

uint64_t NetDevice::try_alloc_tx_frame(Core&, int) { no_zero_copy("try_alloc_tx_frame"); }
void NetDevice::send_tx_frame(Core&, uint64_t, uint32_t) { no_zero_copy("send_tx_frame"); }
void NetDevice::release_rx_frame(Core&, uint64_t) { no_zero_copy("release_rx_frame"); }

}  // namespace smvn::driver
