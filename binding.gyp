{
  "targets": [
    {
      "target_name": "tansaku",
      "sources": [
        "native/addon/addon.cc",
        "native/addon/circles_addon.cc",
        "native/addon/es_addon.cc",
        "native/addon/es_device_addon.cc",
        "native/addon/es_linalg_addon.cc",
        "native/addon/gpu_info.cc",
        "native/addon/gridworld_addon.cc",
        "native/addon/gridworld_bench_addon.cc",
        "native/addon/gridworld_layout_addon.cc",
        "native/addon/merge_addon.cc",
        "native/addon/solve_addon.cc",
        "native/core/circles_cuda_fallback.cpp",
        "native/core/circles_energy.cpp",
        "native/core/circles_energy_avx512.cpp",
        "native/core/circles_lp.cpp",
        "native/core/circles_solve.cpp",
        "native/core/circles_validate.cpp",
        "native/core/es_cuda_fallback.cpp",
        "native/core/es_fused.cpp",
        "native/core/es_linalg.cpp",
        "native/core/es_moments.cpp",
        "native/core/es_problems.cpp",
        "native/core/es_sample.cpp",
        "native/core/gridworld.cpp",
        "native/core/gridworld_bench.cpp",
        "native/core/gridworld_check.cpp",
        "native/core/gridworld_cuda_fallback.cpp",
        "native/core/gridworld_tiles.cpp",
        "native/core/lbfgs.cpp",
        "native/core/merge.cpp",
        "native/core/merge_cuda_fallback.cpp",
        "native/core/mlp.cpp",
        "native/core/parallel.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native/core"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++14", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-frtti", "-fno-math-errno", "-fno-trapping-math", "-fopenmp-simd"],
      "xcode_settings": { "GCC_ENABLE_CPP_EXCEPTIONS": "YES", "CLANG_CXX_LANGUAGE_STANDARD": "c++17" }
    }
  ]
}
