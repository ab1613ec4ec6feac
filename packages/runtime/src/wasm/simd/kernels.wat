;; SIMD kernels that work in place on the tfjs wasm backend's heap (its memory is imported). Pointers are byte
;; offsets into that heap. Assembled by scripts/build-simd.mjs into kernels-wasm.ts; edit this file, not that one.
(module
  (import "env" "memory" (memory 1 65536 MEMORY_SHARED))

  ;; Max-pool gradient of 2x2 windows with stride 2 that tile the image exactly, float32 NHWC. `rows` is the
  ;; number of output rows over the whole batch, `wo` the output width, `c` the channels (a multiple of 4).
  ;; Each input pixel is written once: the window's gradient where it holds the window's first maximum in
  ;; row-major order, 0 elsewhere.
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $g i32) (param $dx i32) (param $rows i32) (param $wo i32) (param $c i32)
    (local $cb i32) (local $rowIn i32) (local $r i32) (local $ox i32) (local $ch i32)
    (local $rel i32) (local $src i32) (local $dst i32) (local $o i32)
    (local $v00 v128) (local $v01 v128) (local $v10 v128) (local $v11 v128) (local $d v128)
    (local $m v128) (local $g01 v128) (local $g10 v128) (local $g11 v128) (local $later v128)
    (local.set $cb (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowIn (i32.shl (i32.mul (local.get $wo) (local.get $cb)) (i32.const 1)))
    (local.set $o (local.get $g))
    (local.set $r (i32.const 0))
    (block $rows_done
      (loop $rows_loop
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $ox (i32.const 0))
        (block $cols_done
          (loop $cols_loop
            (br_if $cols_done (i32.ge_u (local.get $ox) (local.get $wo)))
            ;; byte offset of the window's top-left pixel from the start of the image batch
            (local.set $rel
              (i32.add
                (i32.mul (local.get $r) (i32.shl (local.get $rowIn) (i32.const 1)))
                (i32.shl (i32.mul (local.get $ox) (local.get $cb)) (i32.const 1))))
            (local.set $ch (i32.const 0))
            (block $ch_done
              (loop $ch_loop
                (br_if $ch_done (i32.ge_u (local.get $ch) (local.get $cb)))
                (local.set $src (i32.add (i32.add (local.get $x) (local.get $rel)) (local.get $ch)))
                (local.set $dst (i32.add (i32.add (local.get $dx) (local.get $rel)) (local.get $ch)))
                (local.set $v00 (v128.load (local.get $src)))
                (local.set $v01 (v128.load (i32.add (local.get $src) (local.get $cb))))
                (local.set $v10 (v128.load (i32.add (local.get $src) (local.get $rowIn))))
                (local.set $v11 (v128.load (i32.add (i32.add (local.get $src) (local.get $rowIn)) (local.get $cb))))
                (local.set $d (v128.load (i32.add (local.get $o) (local.get $ch))))
                ;; strictly greater than the running maximum: the first of tied maxima keeps the gradient
                (local.set $g01 (f32x4.gt (local.get $v01) (local.get $v00)))
                (local.set $m (v128.bitselect (local.get $v01) (local.get $v00) (local.get $g01)))
                (local.set $g10 (f32x4.gt (local.get $v10) (local.get $m)))
                (local.set $m (v128.bitselect (local.get $v10) (local.get $m) (local.get $g10)))
                (local.set $g11 (f32x4.gt (local.get $v11) (local.get $m)))
                (v128.store (i32.add (i32.add (local.get $dst) (local.get $rowIn)) (local.get $cb))
                  (v128.and (local.get $d) (local.get $g11)))
                (local.set $later (local.get $g11))
                (v128.store (i32.add (local.get $dst) (local.get $rowIn))
                  (v128.andnot (v128.and (local.get $d) (local.get $g10)) (local.get $later)))
                (local.set $later (v128.or (local.get $later) (local.get $g10)))
                (v128.store (i32.add (local.get $dst) (local.get $cb))
                  (v128.andnot (v128.and (local.get $d) (local.get $g01)) (local.get $later)))
                (local.set $later (v128.or (local.get $later) (local.get $g01)))
                (v128.store (local.get $dst) (v128.andnot (local.get $d) (local.get $later)))
                (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
                (br $ch_loop)))
            (local.set $o (i32.add (local.get $o) (local.get $cb)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $cols_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows_loop))))

  ;; The filter gradient of a convolution, dW[row][o] = sum over pixels of X(window, row) * dY(pixel, o), for a list
  ;; of jobs (16 i32 each, at `jobs`), jobs [from, to): several threads run disjoint ranges of one list at once.
  ;; A row is a (filter tap, input channel) pair, read at a byte offset from the window's top-left corner in X,
  ;; which the caller has zero-padded so every window lies inside it. Each job adds 4 rows x 8 output channels
  ;; per tile, `tiles` tiles side by side, over `images` images of `rows` x `cols` output pixels, to `acc`
  ;; (loaded first, stored last: the caller zeroes it and walks the batch in cache-sized chunks). Job fields:
  ;;  0 X at the job's first window, 1-4 the rows' byte offsets, 5 dY at its first pixel and tile, 6 acc at the
  ;;  tile, 7 bytes between acc rows and between pixels in dY (the output channels), 8 tiles, 9 images, 10 rows,
  ;;  11 cols, 12 bytes between windows of a row, 13 between window rows, 14 between images in X, 15 between the
  ;;  accumulators of successive grains (each grain of jobs adds to its own; the caller sums them in order).
  ;; The X values are splat straight from memory (v128.load32_splat), so each pixel costs 6 loads for 16
  ;; multiplies and adds; 8 accumulators and 2 dY vectors stay in registers (x64 has 16).
  (func (export "filterGrad") (param $jobs i32) (param $from i32) (param $to i32) (param $thread i32) (param $grain i32)
    (local $j i32) (local $t i32) (local $img i32) (local $r i32) (local $c i32)
    (local $x i32) (local $xi i32) (local $xr i32) (local $xw i32) (local $dy i32) (local $d i32) (local $acc i32)
    (local $ldc i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $xStep i32) (local $xRow i32) (local $xImg i32) (local $dyPix i32)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $j (i32.add (local.get $jobs) (i32.shl (local.get $from) (i32.const 6))))
    (block $jobs_done
      (loop $jobs_loop
        (br_if $jobs_done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $x (i32.load (local.get $j)))
        (local.set $o0 (i32.load offset=4 (local.get $j)))
        (local.set $o1 (i32.load offset=8 (local.get $j)))
        (local.set $o2 (i32.load offset=12 (local.get $j)))
        (local.set $o3 (i32.load offset=16 (local.get $j)))
        (local.set $dy (i32.load offset=20 (local.get $j)))
        (local.set $acc (i32.add (i32.load offset=24 (local.get $j))
          (i32.mul (local.get $grain) (i32.load offset=60 (local.get $j)))))
        (local.set $ldc (i32.load offset=28 (local.get $j)))
        (local.set $t (i32.load offset=32 (local.get $j)))
        (local.set $xStep (i32.load offset=48 (local.get $j)))
        (local.set $xRow (i32.load offset=52 (local.get $j)))
        (local.set $xImg (i32.load offset=56 (local.get $j)))
        (local.set $dyPix (local.get $ldc))
        (block $tiles_done
          (loop $tiles_loop
            (br_if $tiles_done (i32.eqz (local.get $t)))
            (local.set $c00 (v128.load (local.get $acc)))
            (local.set $c01 (v128.load offset=16 (local.get $acc)))
            (local.set $c10 (v128.load (i32.add (local.get $acc) (local.get $ldc))))
            (local.set $c11 (v128.load offset=16 (i32.add (local.get $acc) (local.get $ldc))))
            (local.set $c20 (v128.load (i32.add (local.get $acc) (i32.shl (local.get $ldc) (i32.const 1)))))
            (local.set $c21 (v128.load offset=16 (i32.add (local.get $acc) (i32.shl (local.get $ldc) (i32.const 1)))))
            (local.set $c30 (v128.load (i32.add (local.get $acc) (i32.mul (local.get $ldc) (i32.const 3)))))
            (local.set $c31 (v128.load offset=16 (i32.add (local.get $acc) (i32.mul (local.get $ldc) (i32.const 3)))))
            (local.set $xi (local.get $x))
            (local.set $d (local.get $dy))
            (local.set $img (i32.load offset=36 (local.get $j)))
            (block $imgs_done
              (loop $imgs_loop
                (br_if $imgs_done (i32.eqz (local.get $img)))
                (local.set $xr (local.get $xi))
                (local.set $r (i32.load offset=40 (local.get $j)))
                (block $rows_done
                  (loop $rows_loop
                    (br_if $rows_done (i32.eqz (local.get $r)))
                    (local.set $xw (local.get $xr))
                    (local.set $c (i32.load offset=44 (local.get $j)))
                    (block $cols_done
                      (loop $cols_loop
                        (br_if $cols_done (i32.eqz (local.get $c)))
                        (local.set $b0 (v128.load (local.get $d)))
                        (local.set $b1 (v128.load offset=16 (local.get $d)))
                        (local.set $s (v128.load32_splat (i32.add (local.get $xw) (local.get $o0))))
                        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $xw) (local.get $o1))))
                        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $xw) (local.get $o2))))
                        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $xw) (local.get $o3))))
                        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $xw (i32.add (local.get $xw) (local.get $xStep)))
                        (local.set $d (i32.add (local.get $d) (local.get $dyPix)))
                        (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                        (br $cols_loop)))
                    (local.set $xr (i32.add (local.get $xr) (local.get $xRow)))
                    (local.set $r (i32.sub (local.get $r) (i32.const 1)))
                    (br $rows_loop)))
                (local.set $xi (i32.add (local.get $xi) (local.get $xImg)))
                (local.set $img (i32.sub (local.get $img) (i32.const 1)))
                (br $imgs_loop)))
            (v128.store (local.get $acc) (local.get $c00))
            (v128.store offset=16 (local.get $acc) (local.get $c01))
            (v128.store (i32.add (local.get $acc) (local.get $ldc)) (local.get $c10))
            (v128.store offset=16 (i32.add (local.get $acc) (local.get $ldc)) (local.get $c11))
            (v128.store (i32.add (local.get $acc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c20))
            (v128.store offset=16 (i32.add (local.get $acc) (i32.shl (local.get $ldc) (i32.const 1))) (local.get $c21))
            (v128.store (i32.add (local.get $acc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c30))
            (v128.store offset=16 (i32.add (local.get $acc) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c31))
            (local.set $dy (i32.add (local.get $dy) (i32.const 32)))
            (local.set $acc (i32.add (local.get $acc) (i32.const 32)))
            (local.set $t (i32.sub (local.get $t) (i32.const 1)))
            (br $tiles_loop)))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $jobs_loop))))

  ;; Copies `images` images of h x w pixels (`pixel` bytes each) from `src` into zeros at `dst`, `hp` x `wp`
  ;; pixels each, `top` rows and `left` columns in; rows and columns that fall outside are cut. Bulk memory
  ;; operations: a JS fill or copy on the threaded build's shared heap moves a byte at a time.
  (func (export "padImages")
    (param $src i32) (param $dst i32) (param $images i32) (param $h i32) (param $w i32) (param $pixel i32)
    (param $top i32) (param $left i32) (param $hp i32) (param $wp i32)
    (local $n i32) (local $y i32) (local $rows i32) (local $bytes i32) (local $inRow i32) (local $outRow i32)
    (local $to i32)
    (memory.fill (local.get $dst) (i32.const 0)
      (i32.mul (i32.mul (local.get $images) (i32.mul (local.get $hp) (local.get $wp))) (local.get $pixel)))
    (local.set $rows (local.get $h))
    (if (i32.gt_s (i32.add (local.get $rows) (local.get $top)) (local.get $hp))
      (then (local.set $rows (i32.sub (local.get $hp) (local.get $top)))))
    (local.set $bytes (local.get $w))
    (if (i32.gt_s (i32.add (local.get $bytes) (local.get $left)) (local.get $wp))
      (then (local.set $bytes (i32.sub (local.get $wp) (local.get $left)))))
    (if (i32.le_s (local.get $rows) (i32.const 0)) (then (return)))
    (if (i32.le_s (local.get $bytes) (i32.const 0)) (then (return)))
    (local.set $bytes (i32.mul (local.get $bytes) (local.get $pixel)))
    (local.set $inRow (i32.mul (local.get $w) (local.get $pixel)))
    (local.set $outRow (i32.mul (local.get $wp) (local.get $pixel)))
    (local.set $n (i32.const 0))
    (block $imgs_done
      (loop $imgs_loop
        (br_if $imgs_done (i32.ge_u (local.get $n) (local.get $images)))
        (local.set $to (i32.add (local.get $dst)
          (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $hp)) (local.get $top)) (local.get $outRow))
            (i32.mul (local.get $left) (local.get $pixel)))))
        (local.set $y (i32.const 0))
        (block $rows_done
          (loop $rows_loop
            (br_if $rows_done (i32.ge_u (local.get $y) (local.get $rows)))
            (memory.copy (local.get $to) (local.get $src) (local.get $bytes))
            (local.set $to (i32.add (local.get $to) (local.get $outRow)))
            (local.set $src (i32.add (local.get $src) (local.get $inRow)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $rows_loop)))
        ;; rows of this image cut at the bottom
        (local.set $src (i32.add (local.get $src) (i32.mul (i32.sub (local.get $h) (local.get $rows)) (local.get $inRow))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $imgs_loop))))

  ;; Elementwise kernels over a range [from, to) of one job (run by several threads at once, each on its own
  ;; range). `args` points at the job's i32 fields.

  ;; out = x + bias over pixels [from, to) of float32 NHWC data: fields x, bias, out, channels (a multiple of 4).
  ;; The stock Add broadcasts a bias of a few channels through XNNPACK one short row at a time.
  (func (export "biasAdd") (param $args i32) (param $from i32) (param $to i32)
    (local $x i32) (local $b i32) (local $o i32) (local $cb i32) (local $end i32) (local $ch i32)
    (local.set $cb (i32.shl (i32.load offset=12 (local.get $args)) (i32.const 2)))
    (local.set $x (i32.add (i32.load (local.get $args)) (i32.mul (local.get $from) (local.get $cb))))
    (local.set $b (i32.load offset=4 (local.get $args)))
    (local.set $o (i32.add (i32.load offset=8 (local.get $args)) (i32.mul (local.get $from) (local.get $cb))))
    (local.set $end (i32.add (local.get $x) (i32.mul (i32.sub (local.get $to) (local.get $from)) (local.get $cb))))
    (block $done
      (loop $pixels
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $ch (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $ch) (local.get $cb)))
            (v128.store (i32.add (local.get $o) (local.get $ch))
              (f32x4.add (v128.load (i32.add (local.get $x) (local.get $ch)))
                (v128.load (i32.add (local.get $b) (local.get $ch)))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $row)))
        (local.set $x (i32.add (local.get $x) (local.get $cb)))
        (local.set $o (i32.add (local.get $o) (local.get $cb)))
        (br $pixels))))

  ;; A 3x3 convolution of stride 1 by Winograd's F(2x2, 3x3): each 2x2 block of outputs from a 4x4 block of
  ;; inputs with 16 products per input and output channel pair instead of 36. Run over units [from, to), a unit
  ;; being one row of 2x2 output blocks of one image; `thread` picks this thread's scratch. Fields at `args`:
  ;;  0 X, zero-padded so that every 4x4 block lies inside it; 1 the filter transformed, [16][ci][co]; 2 a bias
  ;;  per output channel; 3 Y; 4 ci (a multiple of 4); 5 co (a multiple of 8); 6 blocks per row, a multiple of
  ;;  4 (those past the output are computed and dropped); 7 X's width and 8 its height, in pixels; 9 Y's height
  ;;  and 10 its width; 11 block rows per image; 12 nonzero for relu; 13 scratch, 14 its bytes per thread.
  ;; Per unit: the input blocks of the row are transformed (V = Bᵀ d B) into scratch, [16][blocks][ci]; 16
  ;; matrix products M = V U run in 4x8 register tiles (4 blocks x 8 output channels, over ci); the outputs
  ;; (Aᵀ M A, plus bias, relu) are written to Y. All three steps stay in the core's cache.
  (func (export "winograd3x3") (param $args i32) (param $from i32) (param $to i32) (param $thread i32)
    (local $x i32) (local $u i32) (local $bias i32) (local $y i32) (local $ciB i32) (local $coB i32) (local $tp i32)
    (local $xRow i32) (local $xImg i32) (local $ho i32) (local $wo i32) (local $tilesY i32)
    (local $v i32) (local $m i32) (local $vs i32) (local $ms i32)
    (local $n i32) (local $ty i32) (local $xb i32) (local $t i32) (local $c i32) (local $pa i32) (local $q i32)
    (local $xi i32) (local $tb i32) (local $cb i32) (local $a i32) (local $b i32) (local $cc i32) (local $k i32)
    (local $yb i32) (local $tiles i32) (local $lastRow i32)
    (local $floor v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local $bv v128)
    (local.set $x (i32.load (local.get $args)))
    (local.set $u (i32.load offset=4 (local.get $args)))
    (local.set $bias (i32.load offset=8 (local.get $args)))
    (local.set $y (i32.load offset=12 (local.get $args)))
    (local.set $ciB (i32.shl (i32.load offset=16 (local.get $args)) (i32.const 2)))
    (local.set $coB (i32.shl (i32.load offset=20 (local.get $args)) (i32.const 2)))
    (local.set $tp (i32.load offset=24 (local.get $args)))
    (local.set $xRow (i32.mul (i32.load offset=28 (local.get $args)) (local.get $ciB)))
    (local.set $xImg (i32.mul (i32.load offset=32 (local.get $args)) (local.get $xRow)))
    (local.set $ho (i32.load offset=36 (local.get $args)))
    (local.set $wo (i32.load offset=40 (local.get $args)))
    (local.set $tilesY (i32.load offset=44 (local.get $args)))
    (local.set $floor (f32x4.splat (f32.const -inf)))
    (if (i32.load offset=48 (local.get $args)) (then (local.set $floor (f32x4.splat (f32.const 0)))))
    (local.set $v (i32.add (i32.load offset=52 (local.get $args))
      (i32.mul (local.get $thread) (i32.load offset=56 (local.get $args)))))
    (local.set $vs (i32.mul (local.get $tp) (local.get $ciB)))
    (local.set $ms (i32.mul (local.get $tp) (local.get $coB)))
    (local.set $m (i32.add (local.get $v) (i32.shl (local.get $vs) (i32.const 4))))
    ;; blocks of the row that hold outputs
    (local.set $tiles (i32.shr_u (i32.add (local.get $wo) (i32.const 1)) (i32.const 1)))
    (block $units_done
      (loop $units
        (br_if $units_done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $n (i32.div_u (local.get $from) (local.get $tilesY)))
        (local.set $ty (i32.sub (local.get $from) (i32.mul (local.get $n) (local.get $tilesY))))
        (local.set $xb (i32.add (local.get $x)
          (i32.add (i32.mul (local.get $n) (local.get $xImg)) (i32.mul (i32.shl (local.get $ty) (i32.const 1)) (local.get $xRow)))))
        ;; V = Bᵀ d B for each block of the row and each 4 input channels. Bᵀ combines rows (d0 - d2, d1 + d2,
        ;; d2 - d1, d1 - d3), then B the columns of each combination the same way.
        (local.set $t (i32.const 0))
        (block $in_done
          (loop $in_blocks
            (br_if $in_done (i32.ge_u (local.get $t) (local.get $tp)))
            (local.set $c (i32.const 0))
            (block $inc_done
              (loop $in_channels
                (br_if $inc_done (i32.ge_u (local.get $c) (local.get $ciB)))
                (local.set $pa (i32.add (local.get $xb) (i32.add (i32.mul (i32.shl (local.get $t) (i32.const 1)) (local.get $ciB)) (local.get $c))))
                (local.set $q (i32.add (local.get $v) (i32.add (i32.mul (local.get $t) (local.get $ciB)) (local.get $c))))
                ;; row combination 0: d0 - d2
                (local.set $e0 (f32x4.sub (v128.load (local.get $pa)) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))))))
                (local.set $e1 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1))))))
                (local.set $e2 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2))))))
                (local.set $e3 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3))))))
                (v128.store (local.get $q) (f32x4.sub (local.get $e0) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 1))) (f32x4.add (local.get $e1) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 2))) (f32x4.sub (local.get $e2) (local.get $e1)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 3))) (f32x4.sub (local.get $e1) (local.get $e3)))
                ;; row combination 1: d1 + d2
                (local.set $e0 (f32x4.add (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))))))
                (local.set $e1 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1))))))
                (local.set $e2 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2))))))
                (local.set $e3 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3))))))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 4))) (f32x4.sub (local.get $e0) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 5))) (f32x4.add (local.get $e1) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 6))) (f32x4.sub (local.get $e2) (local.get $e1)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 7))) (f32x4.sub (local.get $e1) (local.get $e3)))
                ;; row combination 2: d2 - d1
                (local.set $e0 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))))))
                (local.set $e1 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1))))))
                (local.set $e2 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2))))))
                (local.set $e3 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3))))))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 8))) (f32x4.sub (local.get $e0) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 9))) (f32x4.add (local.get $e1) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 10))) (f32x4.sub (local.get $e2) (local.get $e1)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 11))) (f32x4.sub (local.get $e1) (local.get $e3)))
                ;; row combination 3: d1 - d3
                (local.set $e0 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))))))
                (local.set $e1 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 1))))))
                (local.set $e2 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 2))))))
                (local.set $e3 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 3))))))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 12))) (f32x4.sub (local.get $e0) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 13))) (f32x4.add (local.get $e1) (local.get $e2)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 14))) (f32x4.sub (local.get $e2) (local.get $e1)))
                (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 15))) (f32x4.sub (local.get $e1) (local.get $e3)))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $in_channels)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $in_blocks)))
        ;; M[xi] = V[xi] U[xi], 16 products of [blocks x ci] by [ci x co], in 4x8 tiles.
        (local.set $xi (i32.const 0))
        (block $xi_done
          (loop $xis
            (br_if $xi_done (i32.ge_u (local.get $xi) (i32.const 16)))
            (local.set $tb (i32.const 0))
            (block $tb_done
              (loop $tbs
                (br_if $tb_done (i32.ge_u (local.get $tb) (local.get $tp)))
                (local.set $cb (i32.const 0))
                (block $cb_done
                  (loop $cbs
                    (br_if $cb_done (i32.ge_u (local.get $cb) (local.get $coB)))
                    (local.set $a (i32.add (local.get $v) (i32.add (i32.mul (local.get $xi) (local.get $vs)) (i32.mul (local.get $tb) (local.get $ciB)))))
                    (local.set $b (i32.add (local.get $u) (i32.add (i32.mul (i32.mul (local.get $xi) (local.get $ciB)) (i32.shr_u (local.get $coB) (i32.const 2))) (local.get $cb))))
                    (local.set $c00 (v128.const i32x4 0 0 0 0))
                    (local.set $c01 (v128.const i32x4 0 0 0 0))
                    (local.set $c10 (v128.const i32x4 0 0 0 0))
                    (local.set $c11 (v128.const i32x4 0 0 0 0))
                    (local.set $c20 (v128.const i32x4 0 0 0 0))
                    (local.set $c21 (v128.const i32x4 0 0 0 0))
                    (local.set $c30 (v128.const i32x4 0 0 0 0))
                    (local.set $c31 (v128.const i32x4 0 0 0 0))
                    (local.set $k (i32.add (local.get $a) (local.get $ciB)))
                    (block $k_done
                      (loop $ks
                        (br_if $k_done (i32.ge_u (local.get $a) (local.get $k)))
                        (local.set $b0 (v128.load (local.get $b)))
                        (local.set $b1 (v128.load offset=16 (local.get $b)))
                        (local.set $s (v128.load32_splat (local.get $a)))
                        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.mul (local.get $ciB) (i32.const 1)))))
                        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.mul (local.get $ciB) (i32.const 2)))))
                        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.mul (local.get $ciB) (i32.const 3)))))
                        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $a (i32.add (local.get $a) (i32.const 4)))
                        (local.set $b (i32.add (local.get $b) (local.get $coB)))
                        (br $ks)))
                    (local.set $cc (i32.add (local.get $m) (i32.add (i32.mul (local.get $xi) (local.get $ms))
                      (i32.add (i32.mul (local.get $tb) (local.get $coB)) (local.get $cb)))))
                    (v128.store (local.get $cc) (local.get $c00))
                    (v128.store offset=16 (local.get $cc) (local.get $c01))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1))) (local.get $c10))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1))) (local.get $c11))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2))) (local.get $c20))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2))) (local.get $c21))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3))) (local.get $c30))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3))) (local.get $c31))
                    (local.set $cb (i32.add (local.get $cb) (i32.const 32)))
                    (br $cbs)))
                (local.set $tb (i32.add (local.get $tb) (i32.const 4)))
                (br $tbs)))
            (local.set $xi (i32.add (local.get $xi) (i32.const 1)))
            (br $xis)))
        ;; Y = Aᵀ M A + bias, then relu: rows m0 + m1 + m2 and m1 - m2 - m3 of M, then the same of their columns.
        (local.set $lastRow (i32.ge_u (i32.add (i32.shl (local.get $ty) (i32.const 1)) (i32.const 1)) (local.get $ho)))
        (local.set $yb (i32.add (local.get $y) (i32.mul (i32.add (i32.mul (local.get $n) (local.get $ho)) (i32.shl (local.get $ty) (i32.const 1)))
          (i32.mul (local.get $wo) (local.get $coB)))))
        (local.set $t (i32.const 0))
        (block $out_done
          (loop $out_blocks
            (br_if $out_done (i32.ge_u (local.get $t) (local.get $tiles)))
            (local.set $c (i32.const 0))
            (block $outc_done
              (loop $out_channels
                (br_if $outc_done (i32.ge_u (local.get $c) (local.get $coB)))
                (local.set $q (i32.add (local.get $m) (i32.add (i32.mul (local.get $t) (local.get $coB)) (local.get $c))))
                (local.set $d0 (v128.load (local.get $q)))
                (local.set $d1 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 4)))))
                (local.set $d2 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 8)))))
                (local.set $d3 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 12)))))
                (local.set $s00 (f32x4.add (f32x4.add (local.get $d0) (local.get $d1)) (local.get $d2)))
                (local.set $s10 (f32x4.sub (f32x4.sub (local.get $d1) (local.get $d2)) (local.get $d3)))
                (local.set $d0 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 1)))))
                (local.set $d1 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 5)))))
                (local.set $d2 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 9)))))
                (local.set $d3 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 13)))))
                (local.set $s01 (f32x4.add (f32x4.add (local.get $d0) (local.get $d1)) (local.get $d2)))
                (local.set $s11 (f32x4.sub (f32x4.sub (local.get $d1) (local.get $d2)) (local.get $d3)))
                (local.set $d0 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 2)))))
                (local.set $d1 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 6)))))
                (local.set $d2 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 10)))))
                (local.set $d3 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 14)))))
                (local.set $s02 (f32x4.add (f32x4.add (local.get $d0) (local.get $d1)) (local.get $d2)))
                (local.set $s12 (f32x4.sub (f32x4.sub (local.get $d1) (local.get $d2)) (local.get $d3)))
                (local.set $d0 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 3)))))
                (local.set $d1 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 7)))))
                (local.set $d2 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 11)))))
                (local.set $d3 (v128.load (i32.add (local.get $q) (i32.mul (local.get $ms) (i32.const 15)))))
                (local.set $s03 (f32x4.add (f32x4.add (local.get $d0) (local.get $d1)) (local.get $d2)))
                (local.set $s13 (f32x4.sub (f32x4.sub (local.get $d1) (local.get $d2)) (local.get $d3)))
                (local.set $bv (v128.load (i32.add (local.get $bias) (local.get $c))))
                (local.set $pa (i32.add (local.get $yb) (i32.add (i32.mul (i32.shl (local.get $t) (i32.const 1)) (local.get $coB)) (local.get $c))))
                (v128.store (local.get $pa) (f32x4.pmax (f32x4.add (f32x4.add (f32x4.add (local.get $s00) (local.get $s01)) (local.get $s02)) (local.get $bv)) (local.get $floor)))
                (if (i32.lt_u (i32.add (i32.shl (local.get $t) (i32.const 1)) (i32.const 1)) (local.get $wo)) (then
                  (v128.store (i32.add (local.get $pa) (local.get $coB))
                    (f32x4.pmax (f32x4.add (f32x4.sub (f32x4.sub (local.get $s01) (local.get $s02)) (local.get $s03)) (local.get $bv)) (local.get $floor)))))
                (if (i32.eqz (local.get $lastRow)) (then
                  (local.set $pa (i32.add (local.get $pa) (i32.mul (local.get $wo) (local.get $coB))))
                  (v128.store (local.get $pa) (f32x4.pmax (f32x4.add (f32x4.add (f32x4.add (local.get $s10) (local.get $s11)) (local.get $s12)) (local.get $bv)) (local.get $floor)))
                  (if (i32.lt_u (i32.add (i32.shl (local.get $t) (i32.const 1)) (i32.const 1)) (local.get $wo)) (then
                    (v128.store (i32.add (local.get $pa) (local.get $coB))
                      (f32x4.pmax (f32x4.add (f32x4.sub (f32x4.sub (local.get $s11) (local.get $s12)) (local.get $s13)) (local.get $bv)) (local.get $floor)))))))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $out_channels)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $out_blocks)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $units))))

  ;; out = relu(x) = x < 0 ? 0 : x (NaN stays NaN, as in tfjs) over 4-float vectors [from, to): fields x, out.
  ;; The stock Relu is a scalar loop on one thread.
  (func (export "relu") (param $args i32) (param $from i32) (param $to i32)
    (local $x i32) (local $o i32) (local $end i32) (local $zero v128)
    (local.set $x (i32.add (i32.load (local.get $args)) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $o (i32.add (i32.load offset=4 (local.get $args)) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $end (i32.add (i32.load (local.get $args)) (i32.shl (local.get $to) (i32.const 4))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (v128.store (local.get $o) (f32x4.pmax (v128.load (local.get $x)) (local.get $zero)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vectors))))

  ;; The gradient of relu, out = dy * step(x) with step(x) = x > 0 ? 1 : 0 and NaN for NaN, as tfjs computes it,
  ;; over 4-float vectors [from, to): fields dy, x, out. One pass where tfjs makes three (step, cast, multiply).
  (func (export "reluGrad") (param $args i32) (param $from i32) (param $to i32)
    (local $dy i32) (local $x i32) (local $o i32) (local $end i32) (local $v v128) (local $one v128)
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $dy (i32.add (i32.load (local.get $args)) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $x (i32.add (i32.load offset=4 (local.get $args)) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $o (i32.add (i32.load offset=8 (local.get $args)) (i32.shl (local.get $from) (i32.const 4))))
    (local.set $end (i32.add (i32.load (local.get $args)) (i32.shl (local.get $to) (i32.const 4))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        ;; 1 where x > 0, 0 where not, x itself where x is NaN
        (local.set $v
          (v128.bitselect (local.get $v)
            (v128.and (local.get $one) (f32x4.gt (local.get $v) (v128.const i32x4 0 0 0 0)))
            (f32x4.ne (local.get $v) (local.get $v))))
        (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $dy)) (local.get $v)))
        (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vectors))))

  ;; One Adam step of one weight tensor of `n` float32 values, in the order and float32 rounding of tfjs's
  ;; AdamOptimizer: fields value, gradient, m, v, then the new value, m and v (7 i32) at `args`; beta1, 1 - beta1,
  ;; beta2, 1 - beta2, 1 - beta1^t, 1 - beta2^t, epsilon and -rate as parameters. tfjs runs 13 kernels for it.
  (func (export "adam") (param $args i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $a1 f32) (param $a2 f32)
    (param $eps f32) (param $rate f32)
    (local $x i32) (local $g i32) (local $m i32) (local $v i32) (local $ox i32) (local $om i32) (local $ov i32)
    (local $end i32) (local $tail i32)
    (local $b1v v128) (local $c1v v128) (local $b2v v128) (local $c2v v128) (local $a1v v128) (local $a2v v128)
    (local $epsv v128) (local $ratev v128) (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $x (i32.load (local.get $args)))
    (local.set $g (i32.load offset=4 (local.get $args)))
    (local.set $m (i32.load offset=8 (local.get $args)))
    (local.set $v (i32.load offset=12 (local.get $args)))
    (local.set $ox (i32.load offset=16 (local.get $args)))
    (local.set $om (i32.load offset=20 (local.get $args)))
    (local.set $ov (i32.load offset=24 (local.get $args)))
    (local.set $b1v (f32x4.splat (local.get $b1)))
    (local.set $c1v (f32x4.splat (local.get $c1)))
    (local.set $b2v (f32x4.splat (local.get $b2)))
    (local.set $c2v (f32x4.splat (local.get $c2)))
    (local.set $a1v (f32x4.splat (local.get $a1)))
    (local.set $a2v (f32x4.splat (local.get $a2)))
    (local.set $epsv (f32x4.splat (local.get $eps)))
    (local.set $ratev (f32x4.splat (local.get $rate)))
    (local.set $tail (i32.and (local.get $n) (i32.const 3)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.sub (local.get $n) (local.get $tail)) (i32.const 2))))
    (block $vectors_done
      (loop $vectors
        (br_if $vectors_done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        ;; m' = m * beta1 + g * (1 - beta1), v' = v * beta2 + g² * (1 - beta2)
        (local.set $mv (f32x4.add (f32x4.mul (v128.load (local.get $m)) (local.get $b1v)) (f32x4.mul (local.get $gv) (local.get $c1v))))
        (local.set $vv (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $b2v))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $c2v))))
        (v128.store (local.get $om) (local.get $mv))
        (v128.store (local.get $ov) (local.get $vv))
        ;; value' = (m' / a1) / (sqrt(v' / a2) + epsilon) * -rate + value
        (v128.store (local.get $ox)
          (f32x4.add
            (f32x4.mul
              (f32x4.div (f32x4.div (local.get $mv) (local.get $a1v))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $a2v))) (local.get $epsv)))
              (local.get $ratev))
            (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (local.set $ox (i32.add (local.get $ox) (i32.const 16)))
        (local.set $om (i32.add (local.get $om) (i32.const 16)))
        (local.set $ov (i32.add (local.get $ov) (i32.const 16)))
        (br $vectors)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $tail) (i32.const 2))))
    (block $scalars_done
      (loop $scalars
        (br_if $scalars_done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        ;; m' = m * beta1 + g * (1 - beta1), v' = v * beta2 + g² * (1 - beta2)
        (local.set $ms (f32.add (f32.mul (f32.load (local.get $m)) (local.get $b1)) (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs (f32.add (f32.mul (f32.load (local.get $v)) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (local.get $om) (local.get $ms))
        (f32.store (local.get $ov) (local.get $vs))
        ;; value' = (m' / a1) / (sqrt(v' / a2) + epsilon) * -rate + value
        (f32.store (local.get $ox)
          (f32.add
            (f32.mul
              (f32.div (f32.div (local.get $ms) (local.get $a1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $a2))) (local.get $eps)))
              (local.get $rate))
            (f32.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
        (local.set $om (i32.add (local.get $om) (i32.const 4)))
        (local.set $ov (i32.add (local.get $ov) (i32.const 4)))
        (br $scalars))))

  ;; The gradient of a mean over rows and columns of NHWC images: out[n][y][x] = dy[n] / count for pixel rows
  ;; [from, to) over the batch: fields dy, out, channels (a multiple of 4), pixels per image, count. tfjs makes a
  ;; tensor of ones the size of the images, multiplies and divides (three passes); this writes once.
  (func (export "meanGrad") (param $args i32) (param $from i32) (param $to i32)
    (local $dy i32) (local $o i32) (local $cb i32) (local $pixels i32) (local $n i32) (local $ch i32)
    (local $count v128)
    (local.set $cb (i32.shl (i32.load offset=8 (local.get $args)) (i32.const 2)))
    (local.set $pixels (i32.load offset=12 (local.get $args)))
    (local.set $count (f32x4.splat (f32.convert_i32_u (i32.load offset=16 (local.get $args)))))
    (local.set $o (i32.add (i32.load offset=4 (local.get $args)) (i32.mul (local.get $from) (local.get $cb))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $n (i32.div_u (local.get $from) (local.get $pixels)))
        (local.set $dy (i32.add (i32.load (local.get $args)) (i32.mul (local.get $n) (local.get $cb))))
        (local.set $ch (i32.const 0))
        (block $row_done
          (loop $row
            (br_if $row_done (i32.ge_u (local.get $ch) (local.get $cb)))
            (v128.store (i32.add (local.get $o) (local.get $ch))
              (f32x4.div (v128.load (i32.add (local.get $dy) (local.get $ch))) (local.get $count)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $row)))
        (local.set $o (i32.add (local.get $o) (local.get $cb)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $rows))))

  ;; A direct convolution for few filter rows (taps x input channels, e.g. a first layer on gray images, where
  ;; Winograd's transforms would cost more than they save): 4 output pixels x 8 output channels per register
  ;; tile, each filter row's value for a pixel splat from X (zero-padded so every window lies inside it, and wide
  ;; enough for whole fours of pixels), the filter read as tfjs lays it out ([rows][co]). Units [from, to) are
  ;; output rows over the batch. Fields at `args`: 0 X, 1 the rows' byte offsets from a window's corner (i32
  ;; each), 2 the filter, 3 a bias per output channel, 4 Y, 5 co (a multiple of 8), 6 rows, 7 Y's width, 8 its
  ;; height, 9 bytes between windows of a row, 10 between window rows, 11 between images in X, 12 nonzero for
  ;; relu.
  (func (export "directConv") (param $args i32) (param $from i32) (param $to i32)
    (local $x i32) (local $offs i32) (local $w i32) (local $bias i32) (local $y i32) (local $coB i32) (local $k i32)
    (local $wo i32) (local $ho i32) (local $xStep i32) (local $xRow i32) (local $xImg i32)
    (local $n i32) (local $oy i32) (local $xr i32) (local $ox i32) (local $cb i32) (local $r i32) (local $o i32)
    (local $wr i32) (local $xw i32) (local $yp i32) (local $left i32)
    (local $floor v128) (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $x (i32.load (local.get $args)))
    (local.set $offs (i32.load offset=4 (local.get $args)))
    (local.set $w (i32.load offset=8 (local.get $args)))
    (local.set $bias (i32.load offset=12 (local.get $args)))
    (local.set $y (i32.load offset=16 (local.get $args)))
    (local.set $coB (i32.shl (i32.load offset=20 (local.get $args)) (i32.const 2)))
    (local.set $k (i32.load offset=24 (local.get $args)))
    (local.set $wo (i32.load offset=28 (local.get $args)))
    (local.set $ho (i32.load offset=32 (local.get $args)))
    (local.set $xStep (i32.load offset=36 (local.get $args)))
    (local.set $xRow (i32.load offset=40 (local.get $args)))
    (local.set $xImg (i32.load offset=44 (local.get $args)))
    (local.set $floor (f32x4.splat (f32.const -inf)))
    (if (i32.load offset=48 (local.get $args)) (then (local.set $floor (f32x4.splat (f32.const 0)))))
    (block $units_done
      (loop $units
        (br_if $units_done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $n (i32.div_u (local.get $from) (local.get $ho)))
        (local.set $oy (i32.sub (local.get $from) (i32.mul (local.get $n) (local.get $ho))))
        (local.set $xr (i32.add (local.get $x)
          (i32.add (i32.mul (local.get $n) (local.get $xImg)) (i32.mul (local.get $oy) (local.get $xRow)))))
        (local.set $ox (i32.const 0))
        (block $px_done
          (loop $pixels
            (br_if $px_done (i32.ge_u (local.get $ox) (local.get $wo)))
            (local.set $cb (i32.const 0))
            (block $cb_done
              (loop $cbs
                (br_if $cb_done (i32.ge_u (local.get $cb) (local.get $coB)))
                (local.set $b0 (v128.load (i32.add (local.get $bias) (local.get $cb))))
                (local.set $b1 (v128.load offset=16 (i32.add (local.get $bias) (local.get $cb))))
                (local.set $c00 (local.get $b0))
                (local.set $c01 (local.get $b1))
                (local.set $c10 (local.get $b0))
                (local.set $c11 (local.get $b1))
                (local.set $c20 (local.get $b0))
                (local.set $c21 (local.get $b1))
                (local.set $c30 (local.get $b0))
                (local.set $c31 (local.get $b1))
                (local.set $xw (i32.add (local.get $xr) (i32.mul (local.get $ox) (local.get $xStep))))
                (local.set $wr (i32.add (local.get $w) (local.get $cb)))
                (local.set $r (i32.const 0))
                (block $rows_done
                  (loop $rows
                    (br_if $rows_done (i32.ge_u (local.get $r) (local.get $k)))
                    (local.set $o (i32.add (local.get $xw) (i32.load (i32.add (local.get $offs) (i32.shl (local.get $r) (i32.const 2))))))
                    (local.set $b0 (v128.load (local.get $wr)))
                    (local.set $b1 (v128.load offset=16 (local.get $wr)))
                    (local.set $s (v128.load32_splat (local.get $o)))
                    (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $o) (i32.mul (local.get $xStep) (i32.const 1)))))
                    (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $o) (i32.mul (local.get $xStep) (i32.const 2)))))
                    (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $s (v128.load32_splat (i32.add (local.get $o) (i32.mul (local.get $xStep) (i32.const 3)))))
                    (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
                    (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
                    (local.set $wr (i32.add (local.get $wr) (local.get $coB)))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rows)))
                ;; the tile's pixels that are in Y
                (local.set $yp (i32.add (local.get $y) (i32.add (i32.mul (i32.add (i32.mul (local.get $from) (local.get $wo)) (local.get $ox)) (local.get $coB)) (local.get $cb))))
                (local.set $left (i32.sub (local.get $wo) (local.get $ox)))
                (if (i32.gt_s (local.get $left) (i32.const 0)) (then
                  (v128.store (local.get $yp) (f32x4.pmax (local.get $c00) (local.get $floor)))
                  (v128.store offset=16 (local.get $yp) (f32x4.pmax (local.get $c01) (local.get $floor)))
                  (local.set $yp (i32.add (local.get $yp) (local.get $coB)))))
                (if (i32.gt_s (local.get $left) (i32.const 1)) (then
                  (v128.store (local.get $yp) (f32x4.pmax (local.get $c10) (local.get $floor)))
                  (v128.store offset=16 (local.get $yp) (f32x4.pmax (local.get $c11) (local.get $floor)))
                  (local.set $yp (i32.add (local.get $yp) (local.get $coB)))))
                (if (i32.gt_s (local.get $left) (i32.const 2)) (then
                  (v128.store (local.get $yp) (f32x4.pmax (local.get $c20) (local.get $floor)))
                  (v128.store offset=16 (local.get $yp) (f32x4.pmax (local.get $c21) (local.get $floor)))
                  (local.set $yp (i32.add (local.get $yp) (local.get $coB)))))
                (if (i32.gt_s (local.get $left) (i32.const 3)) (then
                  (v128.store (local.get $yp) (f32x4.pmax (local.get $c30) (local.get $floor)))
                  (v128.store offset=16 (local.get $yp) (f32x4.pmax (local.get $c31) (local.get $floor)))
                  (local.set $yp (i32.add (local.get $yp) (local.get $coB)))))
                (local.set $cb (i32.add (local.get $cb) (i32.const 32)))
                (br $cbs)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 4)))
            (br $pixels)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $units))))

  ;; Max pooling of 2x2 windows with stride 2 that tile float32 NHWC images exactly, over output rows [from, to)
  ;; of the batch: fields x, out, output width, channels (a multiple of 4). The first of tied maxima wins, as in
  ;; maxPoolGrad2x2 (NaN does not replace a number). Ours rather than XNNPACK's so that XNNPACK's pool threads
  ;; stay asleep: they spin for about a millisecond after each of its operators, on the cores ours run on.
  (func (export "maxPool2x2") (param $args i32) (param $from i32) (param $to i32)
    (local $x i32) (local $o i32) (local $wo i32) (local $cb i32) (local $rowIn i32) (local $ox i32) (local $ch i32)
    (local $p i32) (local $m v128)
    (local.set $wo (i32.load offset=8 (local.get $args)))
    (local.set $cb (i32.shl (i32.load offset=12 (local.get $args)) (i32.const 2)))
    (local.set $rowIn (i32.shl (i32.mul (local.get $wo) (local.get $cb)) (i32.const 1)))
    (local.set $x (i32.add (i32.load (local.get $args)) (i32.mul (local.get $from) (i32.shl (local.get $rowIn) (i32.const 1)))))
    (local.set $o (i32.add (i32.load offset=4 (local.get $args)) (i32.mul (local.get $from) (i32.mul (local.get $wo) (local.get $cb)))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $ox (i32.const 0))
        (block $row_done
          (loop $cols
            (br_if $row_done (i32.ge_u (local.get $ox) (local.get $wo)))
            (local.set $ch (i32.const 0))
            (block $ch_done
              (loop $chs
                (br_if $ch_done (i32.ge_u (local.get $ch) (local.get $cb)))
                (local.set $p (i32.add (local.get $x) (local.get $ch)))
                ;; pmax(a, b) = a < b ? b : a keeps the earlier of ties
                (local.set $m (f32x4.pmax (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (local.get $cb)))))
                (local.set $m (f32x4.pmax (local.get $m) (v128.load (i32.add (local.get $p) (local.get $rowIn)))))
                (local.set $m (f32x4.pmax (local.get $m)
                  (v128.load (i32.add (i32.add (local.get $p) (local.get $rowIn)) (local.get $cb)))))
                (v128.store (i32.add (local.get $o) (local.get $ch)) (local.get $m))
                (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
                (br $chs)))
            (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cb) (i32.const 1))))
            (local.set $o (i32.add (local.get $o) (local.get $cb)))
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (br $cols)))
        ;; past the second input row of this output row
        (local.set $x (i32.add (local.get $x) (local.get $rowIn)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $rows))))

  ;; Sums per channel of float32 NHWC pixels [from, to), added to this grain's row of partial sums: fields x,
  ;; partial sums (float32, one row of `channels` per grain), channels (a multiple of 4). A bias gradient; the
  ;; caller zeroes the partial sums first and adds the rows up in order last. Blocks of 64 pixels, which stay in
  ;; the L1 cache while each 4 channels are summed over them apart (in two interleaved sums) and then added in.
  (func (export "channelSums") (param $args i32) (param $from i32) (param $to i32) (param $thread i32) (param $grain i32)
    (local $x i32) (local $end i32) (local $cb i32) (local $ch i32) (local $part i32) (local $block i32)
    (local $blockEnd i32) (local $pair i32) (local $s0 v128) (local $s1 v128)
    (local.set $cb (i32.shl (i32.load offset=8 (local.get $args)) (i32.const 2)))
    (local.set $part (i32.add (i32.load offset=4 (local.get $args)) (i32.mul (local.get $grain) (local.get $cb))))
    (local.set $pair (i32.shl (local.get $cb) (i32.const 1)))
    (local.set $block (i32.add (i32.load (local.get $args)) (i32.mul (local.get $from) (local.get $cb))))
    (local.set $end (i32.add (i32.load (local.get $args)) (i32.mul (local.get $to) (local.get $cb))))
    (block $blocks_done
      (loop $blocks
        (br_if $blocks_done (i32.ge_u (local.get $block) (local.get $end)))
        (local.set $blockEnd (i32.add (local.get $block) (i32.shl (local.get $cb) (i32.const 6))))
        (if (i32.gt_u (local.get $blockEnd) (local.get $end)) (then (local.set $blockEnd (local.get $end))))
        (local.set $ch (i32.const 0))
        (block $ch_done
          (loop $chs
            (br_if $ch_done (i32.ge_u (local.get $ch) (local.get $cb)))
            (local.set $x (i32.add (local.get $block) (local.get $ch)))
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (block $pairs_done
              (loop $pairs
                (br_if $pairs_done (i32.gt_u (i32.add (local.get $x) (local.get $pair)) (i32.add (local.get $blockEnd) (local.get $ch))))
                (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $x))))
                (local.set $s1 (f32x4.add (local.get $s1) (v128.load (i32.add (local.get $x) (local.get $cb)))))
                (local.set $x (i32.add (local.get $x) (local.get $pair)))
                (br $pairs)))
            (if (i32.lt_u (local.get $x) (i32.add (local.get $blockEnd) (local.get $ch)))
              (then (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $x))))))
            (v128.store (i32.add (local.get $part) (local.get $ch))
              (f32x4.add (v128.load (i32.add (local.get $part) (local.get $ch))) (f32x4.add (local.get $s0) (local.get $s1))))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $chs)))
        (local.set $block (local.get $blockEnd))
        (br $blocks))))

    ;; Means per image and channel of float32 NHWC images [from, to) (global average pooling): fields x, out,
  ;; channels (a multiple of 4), pixels per image. Sums in four interleaved parts, then one division.
  (func (export "imageMeans") (param $args i32) (param $from i32) (param $to i32)
    (local $x i32) (local $end i32) (local $cb i32) (local $ch i32) (local $pixels i32) (local $q i32) (local $img i32)
    (local $count v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $cb (i32.shl (i32.load offset=8 (local.get $args)) (i32.const 2)))
    (local.set $pixels (i32.load offset=12 (local.get $args)))
    (local.set $count (f32x4.splat (f32.convert_i32_u (local.get $pixels))))
    (local.set $q (i32.shl (local.get $cb) (i32.const 2)))
    (block $imgs_done
      (loop $imgs
        (br_if $imgs_done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $img (i32.add (i32.load (local.get $args)) (i32.mul (i32.mul (local.get $from) (local.get $pixels)) (local.get $cb))))
        (local.set $ch (i32.const 0))
        (block $ch_done
          (loop $chs
            (br_if $ch_done (i32.ge_u (local.get $ch) (local.get $cb)))
            (local.set $x (i32.add (local.get $img) (local.get $ch)))
            (local.set $end (i32.add (local.get $x) (i32.mul (local.get $pixels) (local.get $cb))))
            (local.set $s0 (v128.const i32x4 0 0 0 0))
            (local.set $s1 (v128.const i32x4 0 0 0 0))
            (local.set $s2 (v128.const i32x4 0 0 0 0))
            (local.set $s3 (v128.const i32x4 0 0 0 0))
            (block $quads_done
              (loop $quads
                (br_if $quads_done (i32.gt_u (i32.add (local.get $x) (local.get $q)) (local.get $end)))
                (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $x))))
                (local.set $s1 (f32x4.add (local.get $s1) (v128.load (i32.add (local.get $x) (local.get $cb)))))
                (local.set $s2 (f32x4.add (local.get $s2) (v128.load (i32.add (local.get $x) (i32.shl (local.get $cb) (i32.const 1))))))
                (local.set $s3 (f32x4.add (local.get $s3) (v128.load (i32.add (local.get $x) (i32.mul (local.get $cb) (i32.const 3))))))
                (local.set $x (i32.add (local.get $x) (local.get $q)))
                (br $quads)))
            (block $rest_done
              (loop $rest
                (br_if $rest_done (i32.ge_u (local.get $x) (local.get $end)))
                (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $x))))
                (local.set $x (i32.add (local.get $x) (local.get $cb)))
                (br $rest)))
            (v128.store (i32.add (i32.add (i32.load offset=4 (local.get $args)) (i32.mul (local.get $from) (local.get $cb))) (local.get $ch))
              (f32x4.div (f32x4.add (f32x4.add (local.get $s0) (local.get $s1)) (f32x4.add (local.get $s2) (local.get $s3)))
                (local.get $count)))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $chs)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $imgs))))

  ;; The filter gradient of a 3x3 convolution of stride 1 by Winograd's F(2x2, 3x3), through the forward's
  ;; transforms: per 2x2 block of outputs, dL/dU = (A dY Aᵀ) ⊙ (Bᵀ d B) for U = G w Gᵀ, so dW = Gᵀ (sum over blocks
  ;; of dL/dU) G: 16 products per block, input and output channel where the direct gradient makes 36. Units
  ;; [from, to) are groups of block rows of one image; each grain of units adds its sums to an accumulator of its
  ;; own, [16][ci][co] (the caller zeroes them, adds them up in order and applies Gᵀ . G); each thread transforms
  ;; blocks in scratch of its own. Fields at `args`: 0 X, zero-padded so every 4x4 block lies inside it; 1 dY,
  ;; whole 2x2 blocks; 2 accumulators, 3 bytes between two grains';
  ;; 4 ci (a multiple of 4), 5 co (a multiple of 8); 6 blocks per row; 7 X's width, 8 its height (pixels); 9 block
  ;; rows per image; 10 block rows per unit; 11 scratch, 12 its bytes per thread.
  (func (export "winogradFilterGrad") (param $args i32) (param $from i32) (param $to i32) (param $thread i32)
    (param $grain i32)
    (local $x i32) (local $dyb i32) (local $acc i32) (local $ciB i32) (local $coB i32) (local $tx i32)
    (local $xRow i32) (local $xImg i32) (local $dyRow i32) (local $dyImg i32) (local $blockRows i32) (local $per i32)
    (local $v i32) (local $z i32) (local $vs i32) (local $zs i32) (local $groups i32)
    (local $n i32) (local $r0 i32) (local $r1 i32) (local $r i32) (local $t i32) (local $k i32) (local $tiles i32)
    (local $c i32) (local $pa i32) (local $q i32) (local $xi i32) (local $cb i32) (local $ob i32)
    (local $a i32) (local $b i32) (local $end i32) (local $cc i32)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128)
    (local $d00 v128) (local $d01 v128) (local $d10 v128) (local $d11 v128)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $x (i32.load (local.get $args)))
    (local.set $dyb (i32.load offset=4 (local.get $args)))
    (local.set $acc (i32.add (i32.load offset=8 (local.get $args))
      (i32.mul (local.get $grain) (i32.load offset=12 (local.get $args)))))
    (local.set $ciB (i32.shl (i32.load offset=16 (local.get $args)) (i32.const 2)))
    (local.set $coB (i32.shl (i32.load offset=20 (local.get $args)) (i32.const 2)))
    (local.set $tx (i32.load offset=24 (local.get $args)))
    (local.set $xRow (i32.mul (i32.load offset=28 (local.get $args)) (local.get $ciB)))
    (local.set $xImg (i32.mul (i32.load offset=32 (local.get $args)) (local.get $xRow)))
    (local.set $blockRows (i32.load offset=36 (local.get $args)))
    (local.set $per (i32.load offset=40 (local.get $args)))
    (local.set $dyRow (i32.mul (i32.shl (local.get $tx) (i32.const 1)) (local.get $coB)))
    (local.set $dyImg (i32.mul (i32.shl (local.get $blockRows) (i32.const 1)) (local.get $dyRow)))
    (local.set $v (i32.add (i32.load offset=44 (local.get $args))
      (i32.mul (local.get $thread) (i32.load offset=48 (local.get $args)))))
    ;; V [16][per * tx][ci], then Z [16][per * tx][co]
    (local.set $vs (i32.mul (i32.mul (local.get $per) (local.get $tx)) (local.get $ciB)))
    (local.set $zs (i32.mul (i32.mul (local.get $per) (local.get $tx)) (local.get $coB)))
    (local.set $z (i32.add (local.get $v) (i32.shl (local.get $vs) (i32.const 4))))
    (local.set $groups (i32.div_u (i32.sub (i32.add (local.get $blockRows) (local.get $per)) (i32.const 1)) (local.get $per)))
    (block $units_done
      (loop $units
        (br_if $units_done (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $n (i32.div_u (local.get $from) (local.get $groups)))
        (local.set $r0 (i32.mul (i32.sub (local.get $from) (i32.mul (local.get $n) (local.get $groups))) (local.get $per)))
        (local.set $r1 (i32.add (local.get $r0) (local.get $per)))
        (if (i32.gt_u (local.get $r1) (local.get $blockRows)) (then (local.set $r1 (local.get $blockRows))))
        (local.set $tiles (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (local.get $tx)))
        ;; transforms of the unit's blocks, block k = (r - r0) * tx + t
        (local.set $k (i32.const 0))
        (local.set $r (local.get $r0))
        (block $rows_done
          (loop $rows
            (br_if $rows_done (i32.ge_u (local.get $r) (local.get $r1)))
            (local.set $t (i32.const 0))
            (block $blocks_done
              (loop $blocks
                (br_if $blocks_done (i32.ge_u (local.get $t) (local.get $tx)))
                ;; V = Bᵀ d B, as in winograd3x3
                (local.set $c (i32.const 0))
                (block $inc_done
                  (loop $in_channels
                    (br_if $inc_done (i32.ge_u (local.get $c) (local.get $ciB)))
                    (local.set $pa (i32.add (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $xImg)))
                      (i32.add (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $xRow))
                        (i32.add (i32.mul (i32.shl (local.get $t) (i32.const 1)) (local.get $ciB)) (local.get $c)))))
                    (local.set $q (i32.add (local.get $v) (i32.add (i32.mul (local.get $k) (local.get $ciB)) (local.get $c))))
                    (local.set $e0 (f32x4.sub (v128.load (local.get $pa)) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))))))
                    (local.set $e1 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1))))))
                    (local.set $e2 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2))))))
                    (local.set $e3 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3))))))
                    (v128.store (local.get $q) (f32x4.sub (local.get $e0) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 1))) (f32x4.add (local.get $e1) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 2))) (f32x4.sub (local.get $e2) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 3))) (f32x4.sub (local.get $e1) (local.get $e3)))
                    (local.set $e0 (f32x4.add (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))))))
                    (local.set $e1 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1))))))
                    (local.set $e2 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2))))))
                    (local.set $e3 (f32x4.add (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3))))))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 4))) (f32x4.sub (local.get $e0) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 5))) (f32x4.add (local.get $e1) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 6))) (f32x4.sub (local.get $e2) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 7))) (f32x4.sub (local.get $e1) (local.get $e3)))
                    (local.set $e0 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))))))
                    (local.set $e1 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1))))))
                    (local.set $e2 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2))))))
                    (local.set $e3 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 2))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3))))))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 8))) (f32x4.sub (local.get $e0) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 9))) (f32x4.add (local.get $e1) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 10))) (f32x4.sub (local.get $e2) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 11))) (f32x4.sub (local.get $e1) (local.get $e3)))
                    (local.set $e0 (f32x4.sub (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1)))) (v128.load (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))))))
                    (local.set $e1 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 1)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 1))))))
                    (local.set $e2 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 2)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 2))))))
                    (local.set $e3 (f32x4.sub (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 1))) (i32.mul (local.get $ciB) (i32.const 3)))) (v128.load (i32.add (i32.add (local.get $pa) (i32.mul (local.get $xRow) (i32.const 3))) (i32.mul (local.get $ciB) (i32.const 3))))))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 12))) (f32x4.sub (local.get $e0) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 13))) (f32x4.add (local.get $e1) (local.get $e2)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 14))) (f32x4.sub (local.get $e2) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $vs) (i32.const 15))) (f32x4.sub (local.get $e1) (local.get $e3)))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    (br $in_channels)))
                ;; Z = A dY Aᵀ, A = [1 0; 1 1; 1 -1; 0 -1]: rows d0, d0 + d1, d0 - d1, -d1, then their columns alike
                (local.set $c (i32.const 0))
                (block $outc_done
                  (loop $out_channels
                    (br_if $outc_done (i32.ge_u (local.get $c) (local.get $coB)))
                    (local.set $pa (i32.add (i32.add (local.get $dyb) (i32.mul (local.get $n) (local.get $dyImg)))
                      (i32.add (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $dyRow))
                        (i32.add (i32.mul (i32.shl (local.get $t) (i32.const 1)) (local.get $coB)) (local.get $c)))))
                    (local.set $q (i32.add (local.get $z) (i32.add (i32.mul (local.get $k) (local.get $coB)) (local.get $c))))
                    (local.set $d00 (v128.load (local.get $pa)))
                    (local.set $d01 (v128.load (i32.add (local.get $pa) (local.get $coB))))
                    (local.set $d10 (v128.load (i32.add (local.get $pa) (local.get $dyRow))))
                    (local.set $d11 (v128.load (i32.add (i32.add (local.get $pa) (local.get $dyRow)) (local.get $coB))))
                    (local.set $e0 (local.get $d00))
                    (local.set $e1 (local.get $d01))
                    (v128.store (local.get $q) (local.get $e0))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 1))) (f32x4.add (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 2))) (f32x4.sub (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 3))) (f32x4.neg (local.get $e1)))
                    (local.set $e0 (f32x4.add (local.get $d00) (local.get $d10)))
                    (local.set $e1 (f32x4.add (local.get $d01) (local.get $d11)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 4))) (local.get $e0))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 5))) (f32x4.add (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 6))) (f32x4.sub (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 7))) (f32x4.neg (local.get $e1)))
                    (local.set $e0 (f32x4.sub (local.get $d00) (local.get $d10)))
                    (local.set $e1 (f32x4.sub (local.get $d01) (local.get $d11)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 8))) (local.get $e0))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 9))) (f32x4.add (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 10))) (f32x4.sub (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 11))) (f32x4.neg (local.get $e1)))
                    (local.set $e0 (f32x4.neg (local.get $d10)))
                    (local.set $e1 (f32x4.neg (local.get $d11)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 12))) (local.get $e0))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 13))) (f32x4.add (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 14))) (f32x4.sub (local.get $e0) (local.get $e1)))
                    (v128.store (i32.add (local.get $q) (i32.mul (local.get $zs) (i32.const 15))) (f32x4.neg (local.get $e1)))
                    (local.set $c (i32.add (local.get $c) (i32.const 16)))
                    (br $out_channels)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $blocks)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rows)))
        ;; acc[xi] += V[xi]ᵀ Z[xi] over the unit's blocks, 4 input x 8 output channels per register tile
        (local.set $xi (i32.const 0))
        (block $xi_done
          (loop $xis
            (br_if $xi_done (i32.ge_u (local.get $xi) (i32.const 16)))
            (local.set $cb (i32.const 0))
            (block $cb_done
              (loop $cbs
                (br_if $cb_done (i32.ge_u (local.get $cb) (local.get $ciB)))
                (local.set $ob (i32.const 0))
                (block $ob_done
                  (loop $obs
                    (br_if $ob_done (i32.ge_u (local.get $ob) (local.get $coB)))
                    ;; accumulator rows: input channels cb/4 .. +3, row stride co
                    (local.set $cc (i32.add (local.get $acc)
                      (i32.add (i32.mul (i32.add (i32.mul (local.get $xi) (i32.shr_u (local.get $ciB) (i32.const 2))) (i32.shr_u (local.get $cb) (i32.const 2))) (local.get $coB))
                        (local.get $ob))))
                    (local.set $c00 (v128.load (local.get $cc)))
                    (local.set $c01 (v128.load offset=16 (local.get $cc)))
                    (local.set $c10 (v128.load (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1)))))
                    (local.set $c11 (v128.load offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1)))))
                    (local.set $c20 (v128.load (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2)))))
                    (local.set $c21 (v128.load offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2)))))
                    (local.set $c30 (v128.load (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3)))))
                    (local.set $c31 (v128.load offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3)))))
                    (local.set $a (i32.add (local.get $v) (i32.add (i32.mul (local.get $xi) (local.get $vs)) (local.get $cb))))
                    (local.set $b (i32.add (local.get $z) (i32.add (i32.mul (local.get $xi) (local.get $zs)) (local.get $ob))))
                    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $tiles) (local.get $ciB))))
                    (block $k_done
                      (loop $ks
                        (br_if $k_done (i32.ge_u (local.get $a) (local.get $end)))
                        (local.set $b0 (v128.load (local.get $b)))
                        (local.set $b1 (v128.load offset=16 (local.get $b)))
                        (local.set $s (v128.load32_splat (local.get $a)))
                        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.const 4))))
                        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.const 8))))
                        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $s (v128.load32_splat (i32.add (local.get $a) (i32.const 12))))
                        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
                        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
                        (local.set $a (i32.add (local.get $a) (local.get $ciB)))
                        (local.set $b (i32.add (local.get $b) (local.get $coB)))
                        (br $ks)))
                    (v128.store (local.get $cc) (local.get $c00))
                    (v128.store offset=16 (local.get $cc) (local.get $c01))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1))) (local.get $c10))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 1))) (local.get $c11))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2))) (local.get $c20))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 2))) (local.get $c21))
                    (v128.store (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3))) (local.get $c30))
                    (v128.store offset=16 (i32.add (local.get $cc) (i32.mul (local.get $coB) (i32.const 3))) (local.get $c31))
                    (local.set $ob (i32.add (local.get $ob) (i32.const 32)))
                    (br $obs)))
                (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
                (br $cbs)))
            (local.set $xi (i32.add (local.get $xi) (i32.const 1)))
            (br $xis)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $units))))

  ;; The filter transform of winograd3x3, U[4i + j][ci][co] = (G g Gᵀ)[i][j] for each channel pair's 3x3 filter g,
  ;; G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1], four channel pairs at a time. Fields at `args`: 0 the filter, 1 U, 2 ci,
  ;; 3 co, 4 nonzero when the filter is [3][3][co][ci] and is to be used turned by 180 degrees (the input
  ;; gradient's convolution), when four input channels go at a time and their results are stored apart.
  (func (export "winogradFilter") (param $args i32)
    (local $w i32) (local $u i32) (local $ci i32) (local $co i32) (local $rot i32) (local $plane i32)
    (local $i i32) (local $o i32) (local $src i32) (local $dst i32) (local $lane i32)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128) (local $g4 v128) (local $g5 v128)
    (local $g6 v128) (local $g7 v128) (local $g8 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $v v128)
    (local.set $w (i32.load (local.get $args)))
    (local.set $u (i32.load offset=4 (local.get $args)))
    (local.set $ci (i32.load offset=8 (local.get $args)))
    (local.set $co (i32.load offset=12 (local.get $args)))
    (local.set $rot (i32.load offset=16 (local.get $args)))
    (local.set $plane (i32.shl (i32.mul (local.get $ci) (local.get $co)) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $i_done
      (loop $is
        (br_if $i_done (i32.ge_u (local.get $i) (local.get $ci)))
        (local.set $o (i32.const 0))
        (block $o_done
          (loop $os
            (br_if $o_done (i32.ge_u (local.get $o) (local.get $co)))
            (if (local.get $rot)
              (then
                ;; g[a][b] = w[2 - a][2 - b][o][i .. i + 3]: lanes are input channels
                (local.set $g0 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 8)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g1 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 7)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g2 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 6)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g3 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 5)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g4 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 4)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g5 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 3)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g6 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 2)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g7 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 1)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
                (local.set $g8 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 0)) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ci)) (local.get $i)) (i32.const 2))))))
              )
              (else
                ;; g[a][b] = w[a][b][i][o .. o + 3]: lanes are output channels
                (local.set $g0 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 0)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g1 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 1)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g2 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 2)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g3 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 3)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g4 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 4)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g5 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 5)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g6 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 6)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g7 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 7)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
                (local.set $g8 (v128.load (i32.add (local.get $w) (i32.add (i32.mul (local.get $plane) (i32.const 8)) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))))
              ))
            (local.set $dst (i32.add (local.get $u) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $co)) (local.get $o)) (i32.const 2))))
            (local.set $t0 (local.get $g0))
            (local.set $t1 (local.get $g1))
            (local.set $t2 (local.get $g2))
            (local.set $v (local.get $t0))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 0))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 0))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 0))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 0))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 0))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.add (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 1))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 1))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 1))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 1))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 1))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.sub (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 2))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 2))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 2))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 2))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 2))) (local.get $v))))
            (local.set $v (local.get $t2))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 3))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 3))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 3))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 3))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 3))) (local.get $v))))
            (local.set $t0 (f32x4.mul (f32x4.add (f32x4.add (local.get $g0) (local.get $g3)) (local.get $g6)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $t1 (f32x4.mul (f32x4.add (f32x4.add (local.get $g1) (local.get $g4)) (local.get $g7)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $t2 (f32x4.mul (f32x4.add (f32x4.add (local.get $g2) (local.get $g5)) (local.get $g8)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $v (local.get $t0))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 4))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 4))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 4))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 4))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 4))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.add (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 5))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 5))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 5))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 5))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 5))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.sub (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 6))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 6))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 6))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 6))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 6))) (local.get $v))))
            (local.set $v (local.get $t2))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 7))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 7))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 7))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 7))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 7))) (local.get $v))))
            (local.set $t0 (f32x4.mul (f32x4.add (f32x4.sub (local.get $g0) (local.get $g3)) (local.get $g6)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $t1 (f32x4.mul (f32x4.add (f32x4.sub (local.get $g1) (local.get $g4)) (local.get $g7)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $t2 (f32x4.mul (f32x4.add (f32x4.sub (local.get $g2) (local.get $g5)) (local.get $g8)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (local.set $v (local.get $t0))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 8))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 8))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 8))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 8))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 8))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.add (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 9))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 9))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 9))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 9))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 9))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.sub (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 10))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 10))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 10))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 10))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 10))) (local.get $v))))
            (local.set $v (local.get $t2))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 11))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 11))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 11))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 11))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 11))) (local.get $v))))
            (local.set $t0 (local.get $g6))
            (local.set $t1 (local.get $g7))
            (local.set $t2 (local.get $g8))
            (local.set $v (local.get $t0))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 12))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 12))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 12))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 12))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 12))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.add (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 13))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 13))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 13))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 13))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 13))) (local.get $v))))
            (local.set $v (f32x4.mul (f32x4.add (f32x4.sub (local.get $t0) (local.get $t1)) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 14))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 14))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 14))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 14))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 14))) (local.get $v))))
            (local.set $v (local.get $t2))
            (if (local.get $rot)
              (then
                ;; lane k is input channel i + k: its row of U is co floats further on
                (f32.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 15))) (f32x4.extract_lane 0 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 15))) (i32.shl (local.get $co) (i32.const 2))) (f32x4.extract_lane 1 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 15))) (i32.shl (local.get $co) (i32.const 3))) (f32x4.extract_lane 2 (local.get $v)))
                (f32.store (i32.add (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 15))) (i32.mul (local.get $co) (i32.const 12))) (f32x4.extract_lane 3 (local.get $v))))
              (else (v128.store (i32.add (local.get $dst) (i32.mul (local.get $plane) (i32.const 15))) (local.get $v))))
            ;; rotated: one output channel, four input channels; else four output channels
            (if (local.get $rot)
              (then (local.set $o (i32.add (local.get $o) (i32.const 1))))
              (else (local.set $o (i32.add (local.get $o) (i32.const 4)))))
            (br $os)))
        (if (local.get $rot)
          (then (local.set $i (i32.add (local.get $i) (i32.const 4))))
          (else (local.set $i (i32.add (local.get $i) (i32.const 1)))))
        (br $is))))

  ;; The end of winogradFilterGrad: dW[a][b][ci][co] = (Gᵀ M G)[a][b], M the sum of the grains' accumulators
  ;; [16][ci][co] in order, four channel pairs at a time. Fields: 0 the accumulators, 1 their count, 2 bytes
  ;; between two, 3 ci * co (a multiple of 4), 4 dW.
  (func (export "winogradFilterGradOut") (param $args i32)
    (local $acc i32) (local $count i32) (local $stride i32) (local $plane i32) (local $out i32) (local $k i32)
    (local $th i32) (local $p i32)
    (local $m0 v128)
    (local $m1 v128)
    (local $m2 v128)
    (local $m3 v128)
    (local $m4 v128)
    (local $m5 v128)
    (local $m6 v128)
    (local $m7 v128)
    (local $m8 v128)
    (local $m9 v128)
    (local $m10 v128)
    (local $m11 v128)
    (local $m12 v128)
    (local $m13 v128)
    (local $m14 v128)
    (local $m15 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $acc (i32.load (local.get $args)))
    (local.set $count (i32.load offset=4 (local.get $args)))
    (local.set $stride (i32.load offset=8 (local.get $args)))
    (local.set $plane (i32.shl (i32.load offset=12 (local.get $args)) (i32.const 2)))
    (local.set $out (i32.load offset=16 (local.get $args)))
    (local.set $k (i32.const 0))
    (block $k_done
      (loop $ks
        (br_if $k_done (i32.ge_u (local.get $k) (local.get $plane)))
        (local.set $m0 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 0)))))
        (local.set $m1 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 1)))))
        (local.set $m2 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 2)))))
        (local.set $m3 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 3)))))
        (local.set $m4 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 4)))))
        (local.set $m5 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 5)))))
        (local.set $m6 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 6)))))
        (local.set $m7 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 7)))))
        (local.set $m8 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 8)))))
        (local.set $m9 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 9)))))
        (local.set $m10 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 10)))))
        (local.set $m11 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 11)))))
        (local.set $m12 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 12)))))
        (local.set $m13 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 13)))))
        (local.set $m14 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 14)))))
        (local.set $m15 (v128.load (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $plane) (i32.const 15)))))
        (local.set $th (i32.const 1))
        (block $th_done
          (loop $ths
            (br_if $th_done (i32.ge_u (local.get $th) (local.get $count)))
            (local.set $p (i32.add (i32.add (local.get $acc) (local.get $k)) (i32.mul (local.get $th) (local.get $stride))))
            (local.set $m0 (f32x4.add (local.get $m0) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 0))))))
            (local.set $m1 (f32x4.add (local.get $m1) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 1))))))
            (local.set $m2 (f32x4.add (local.get $m2) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 2))))))
            (local.set $m3 (f32x4.add (local.get $m3) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 3))))))
            (local.set $m4 (f32x4.add (local.get $m4) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 4))))))
            (local.set $m5 (f32x4.add (local.get $m5) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 5))))))
            (local.set $m6 (f32x4.add (local.get $m6) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 6))))))
            (local.set $m7 (f32x4.add (local.get $m7) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 7))))))
            (local.set $m8 (f32x4.add (local.get $m8) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 8))))))
            (local.set $m9 (f32x4.add (local.get $m9) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 9))))))
            (local.set $m10 (f32x4.add (local.get $m10) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 10))))))
            (local.set $m11 (f32x4.add (local.get $m11) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 11))))))
            (local.set $m12 (f32x4.add (local.get $m12) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 12))))))
            (local.set $m13 (f32x4.add (local.get $m13) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 13))))))
            (local.set $m14 (f32x4.add (local.get $m14) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 14))))))
            (local.set $m15 (f32x4.add (local.get $m15) (v128.load (i32.add (local.get $p) (i32.mul (local.get $plane) (i32.const 15))))))
            (local.set $th (i32.add (local.get $th) (i32.const 1)))
            (br $ths)))
        (local.set $t0 (f32x4.add (local.get $m0) (f32x4.mul (f32x4.add (local.get $m4) (local.get $m8)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (local.set $t1 (f32x4.add (local.get $m1) (f32x4.mul (f32x4.add (local.get $m5) (local.get $m9)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (local.set $t2 (f32x4.add (local.get $m2) (f32x4.mul (f32x4.add (local.get $m6) (local.get $m10)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (local.set $t3 (f32x4.add (local.get $m3) (f32x4.mul (f32x4.add (local.get $m7) (local.get $m11)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 0))) (f32x4.add (local.get $t0) (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 1))) (f32x4.mul (f32x4.sub (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 2))) (f32x4.add (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $t3)))
        (local.set $t0 (f32x4.mul (f32x4.sub (local.get $m4) (local.get $m8)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (local.set $t1 (f32x4.mul (f32x4.sub (local.get $m5) (local.get $m9)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (local.set $t2 (f32x4.mul (f32x4.sub (local.get $m6) (local.get $m10)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (local.set $t3 (f32x4.mul (f32x4.sub (local.get $m7) (local.get $m11)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 3))) (f32x4.add (local.get $t0) (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 4))) (f32x4.mul (f32x4.sub (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 5))) (f32x4.add (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $t3)))
        (local.set $t0 (f32x4.add (f32x4.mul (f32x4.add (local.get $m4) (local.get $m8)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $m12)))
        (local.set $t1 (f32x4.add (f32x4.mul (f32x4.add (local.get $m5) (local.get $m9)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $m13)))
        (local.set $t2 (f32x4.add (f32x4.mul (f32x4.add (local.get $m6) (local.get $m10)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $m14)))
        (local.set $t3 (f32x4.add (f32x4.mul (f32x4.add (local.get $m7) (local.get $m11)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $m15)))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 6))) (f32x4.add (local.get $t0) (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5))))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 7))) (f32x4.mul (f32x4.sub (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
        (v128.store (i32.add (i32.add (local.get $out) (local.get $k)) (i32.mul (local.get $plane) (i32.const 8))) (f32x4.add (f32x4.mul (f32x4.add (local.get $t1) (local.get $t2)) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $t3)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $ks))))
)
