// SPDX-License-Identifier: Apache-2.0
// What every libFuzzer harness here shares: the input as a file a reader can open (the readers
// take paths, as cimsim hands them), removed when the harness returns.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace cim::fuzz {

class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size, const std::string& extension)
      : path_("/tmp/cim-fuzz-" + std::to_string(::getpid()) + extension) {
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  }
  ~InputFile() { ::unlink(path_.c_str()); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A found bug: libFuzzer saves the input that got here and stops.
[[noreturn]] inline void found(const char* what) {
  std::fprintf(stderr, "fuzz: %s\n", what);
  std::abort();
}

}  // namespace cim::fuzz
