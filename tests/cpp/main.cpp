// The one Catch2 main of the C++ test suite; every tests/cpp/test_*.cpp links against it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
