# Boost for furong: headers only (Boost.Graph, Boost.Date_Time's gregorian dates; no compiled
# Boost library is linked). Defines the target Boost::headers, taken from
#   1. a system Boost >= 1.74 found with find_package(Boost CONFIG) (Debian 12: 1.74), unless
#      FURONG_BOOST_FROM_PYPI is ON;
#   2. otherwise the headers of the Python package boost-headers (PyPI, a build requirement
#      in pyproject.toml), found through the Python interpreter of the build (the one of
#      FindPython: an active virtual environment first) or FURONG_BOOST_INCLUDE_DIR if given.
# Sets FURONG_BOOST_SOURCE (also a global property) to "system" or "pypi" and
# FURONG_BOOST_VERSION (e.g. 1.85.0).
# Included by CMakeLists.txt and by the installed furongConfig.cmake.
set(FURONG_BOOST_MINIMUM 1.74)

if(NOT FURONG_BOOST_FROM_PYPI AND NOT TARGET Boost::headers)
  find_package(Boost ${FURONG_BOOST_MINIMUM} CONFIG QUIET)
endif()

if(TARGET Boost::headers AND NOT FURONG_BOOST_FROM_PYPI)
  set(FURONG_BOOST_SOURCE system)
  set(FURONG_BOOST_VERSION ${Boost_VERSION})
else()
  if(NOT FURONG_BOOST_INCLUDE_DIR)
    if(NOT Python_EXECUTABLE)
      find_package(Python 3.9 COMPONENTS Interpreter)
    endif()
    if(Python_EXECUTABLE)
      execute_process(
        COMMAND "${Python_EXECUTABLE}" -c "import boost_headers; print(boost_headers.get_include())"
        OUTPUT_VARIABLE _furong_boost_dir OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE _furong_boost_rc ERROR_QUIET)
      if(_furong_boost_rc EQUAL 0 AND EXISTS "${_furong_boost_dir}/boost/version.hpp")
        set(FURONG_BOOST_INCLUDE_DIR "${_furong_boost_dir}" CACHE PATH
            "Boost headers (from the Python package boost-headers)")
      endif()
    endif()
  endif()
  if(NOT FURONG_BOOST_INCLUDE_DIR OR NOT EXISTS "${FURONG_BOOST_INCLUDE_DIR}/boost/version.hpp")
    message(FATAL_ERROR
      "furong needs Boost >= ${FURONG_BOOST_MINIMUM} (headers only). Found no system Boost "
      "(Debian: apt-get install libboost-graph-dev libboost-date-time-dev) and no Python "
      "package boost-headers for ${Python_EXECUTABLE} (python -m pip install boost-headers, "
      "or pass -DFURONG_BOOST_INCLUDE_DIR=<dir containing boost/version.hpp>).")
  endif()
  file(STRINGS "${FURONG_BOOST_INCLUDE_DIR}/boost/version.hpp" _furong_boost_line
       REGEX "^#define BOOST_VERSION [0-9]+")
  string(REGEX REPLACE "^#define BOOST_VERSION ([0-9]+).*" "\\1" _furong_boost_num "${_furong_boost_line}")
  math(EXPR _major "${_furong_boost_num} / 100000")
  math(EXPR _minor "${_furong_boost_num} / 100 % 1000")
  math(EXPR _patch "${_furong_boost_num} % 100")
  set(FURONG_BOOST_VERSION "${_major}.${_minor}.${_patch}")
  if(FURONG_BOOST_VERSION VERSION_LESS FURONG_BOOST_MINIMUM)
    message(FATAL_ERROR "furong needs Boost >= ${FURONG_BOOST_MINIMUM}; "
                        "${FURONG_BOOST_INCLUDE_DIR} holds ${FURONG_BOOST_VERSION}")
  endif()
  if(NOT TARGET Boost::headers)
    add_library(Boost::headers INTERFACE IMPORTED)
  endif()
  set_target_properties(Boost::headers PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${FURONG_BOOST_INCLUDE_DIR}")
  set(FURONG_BOOST_SOURCE pypi)
endif()
set_property(GLOBAL PROPERTY FURONG_BOOST_SOURCE ${FURONG_BOOST_SOURCE})
if(NOT furong_FIND_QUIETLY)
  message(STATUS "furong: Boost ${FURONG_BOOST_VERSION} headers (${FURONG_BOOST_SOURCE})")
endif()
