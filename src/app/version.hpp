#pragma once
namespace ordo::app {
inline constexpr const char* kVersion = "0.1.0";
}
