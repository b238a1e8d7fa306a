// The one error a check raises: where the DUT and the model disagree, and by how much.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace cim {

class Mismatch : public std::runtime_error {
 public:
  Mismatch(std::uint64_t cycle, std::string port, std::string expected, std::string got,
           const std::string& context)
      : std::runtime_error("mismatch at cycle " + std::to_string(cycle) + " (" + context +
                           "): port " + port + " expected " + expected + " got " + got),
        cycle_(cycle),
        port_(std::move(port)),
        expected_(std::move(expected)),
        got_(std::move(got)) {}

  std::uint64_t cycle() const { return cycle_; }
  const std::string& port() const { return port_; }
  const std::string& expected() const { return expected_; }
  const std::string& got() const { return got_; }

 private:
  std::uint64_t cycle_;
  std::string port_, expected_, got_;
};

}  // namespace cim
