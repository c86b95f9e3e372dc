# Tests of the Julia module against the real library and data. Run with
#   MNISTSEQ_LIBRARY=<path to libmnistseq.so> MNISTSEQ_DATA=<IDX folder> \
#   julia --project=bindings/julia -e 'using Pkg; Pkg.test()'
# These are not run on CI (no Julia toolchain there); test/check_ccalls.py,
# which is, checks every ccall against the C header.
using MnistSeq
using Test

@testset "MnistSeq" begin
    @testset "version" begin
        @test MnistSeq.version_number() ÷ 10000 == MnistSeq.MSEQ_VERSION_MAJOR
        @test MnistSeq.version().major == MnistSeq.MSEQ_VERSION_MAJOR
        @test strerror(MnistSeq.MSEQ_EINVAL) != strerror(MnistSeq.MSEQ_ENOTFOUND)
        @test strerror(-999) == "unknown error"
    end

    ds = Dataset(; split = SPLIT_TEST)

    @testset "dataset" begin
        @test glyph_size(ds) == (28, 28)
        @test sum(class_count(ds, d) for d in 0:9) == class_count(ds)
        images, labels = dataset_files(ds)
        @test occursin("t10k", images) && occursin("labels", labels)
        e = try Dataset("/nonexistent/mnistseq-julia"); nothing catch x; x end
        @test e isa MnistSeqError && e.code == MnistSeq.MSEQ_ENOTFOUND
        @test occursin("mnistseq-julia", e.message)
        @test_throws MnistSeqError Dataset("a\0b")
        @test_throws MnistSeqError class_count(ds, 10)
    end

    @testset "generate" begin
        p = Params(spacing = (2, 8), width = 200, seed = 42)
        img = generate(ds, p, [3, 5, 0]; index = 1)
        @test size(img) == (28, 200) && eltype(img) == Float32
        @test all(0 .<= img .<= 1)
        @test img == generate(ds, p, "350"; index = 1)
        @test img != generate(ds, p, [3, 5, 0]; index = 2)
        img2, pls, scale = generate_with_layout(ds, p, [3, 5, 0]; index = 1)
        @test img2 == img && scale == 1
        @test [pl.label for pl in pls] == [3, 5, 0]
        for (a, b) in zip(pls[1:end-1], pls[2:end])
            @test 2 <= b.x_begin - a.x_end <= 8
        end
        # The C layout: a width × rows buffer holds the transposed image.
        buf = Matrix{Float32}(undef, 200, 28)
        generate!(buf, ds, p, [3, 5, 0]; index = 1)
        @test permutedims(buf) == img
        small = Vector{Float32}(undef, 28 * 200 - 1)
        e = try generate!(small, ds, p, [3]); nothing catch x; x end
        @test e isa MnistSeqError && e.code == MnistSeq.MSEQ_EBUFSIZE
        @test_throws MnistSeqError generate!(Vector{UInt8}(undef, 28 * 200), ds, p, [3])
        u8 = generate(ds, Params(spacing = (2, 8), width = 200, seed = 42,
                                 format = FORMAT_U8), [3, 5, 0]; index = 1)
        @test u8 == round.(UInt8, img .* 255)
    end

    @testset "errors" begin
        p = Params(width = 100)
        @test_throws MnistSeqError generate(ds, p, [1, 10])
        @test_throws MnistSeqError generate(ds, p, Int[])
        @test_throws MnistSeqError generate(ds, Params(spacing = (5, 2), width = 100), [1, 2])
        @test_throws MnistSeqError generate(ds, Params(), [1])
        @test_throws MnistSeqError generate(ds, p, [1]; index = -1)
        e = try generate(ds, Params(width = 50, fit = FIT_STRICT), [1, 2]); nothing catch x; x end
        @test e isa MnistSeqError && e.code == MnistSeq.MSEQ_ENOFIT && !isempty(e.message)
        q = Params(fit = FIT_EXACT)
        @test_throws MnistSeqError (q[MnistSeq.PARAM_FIT] = 99)
        @test q[MnistSeq.PARAM_FIT] == Integer(FIT_EXACT)
        @test_throws MnistSeqError Params(width = MnistSeq.MSEQ_MAX_WIDTH + 1)
        @test Params(seed = typemax(UInt64))[MnistSeq.PARAM_SEED] == -1
    end

    @testset "batch" begin
        p = Params(spacing = (0, 4), width = 150, lengths = (2, 5), seed = 3)
        b = generate_batch(ds, p; first_index = 10, count = 6)
        @test size(b.images) == (28, 150, 6)
        for i in 1:6
            @test b.labels[i] == random_sequence(p, 10 + i - 1)
            @test b.images[:, :, i] == generate(ds, p, b.labels[i]; index = 10 + i - 1)
        end
        one = generate_batch(ds, Params(spacing = (0, 4), width = 150, lengths = (2, 5),
                                        seed = 3, threads = 1); first_index = 10, count = 6)
        @test one.images == b.images
        raw = Array{Float32}(undef, 150, 28, 6)
        generate_batch!(raw, ds, p; first_index = 10, count = 6)
        @test permutedims(raw, (2, 1, 3)) == b.images
        @test_throws MnistSeqError generate_batch(ds, p; count = 0)
    end

    @testset "seed function and png" begin
        img = generate_mnist_sequence([1, 2, 3], (0, 5), 120; seed = 7, split = SPLIT_TEST)
        @test size(img) == (28, 120)
        path = joinpath(mktempdir(), "1-2-3.png")
        write_png(path, round.(UInt8, img .* 255))
        @test read(path)[1:8] == UInt8[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
        @test_throws MnistSeqError write_png(joinpath(mktempdir(), "no", "x.png"),
                                             zeros(UInt8, 28, 10))
    end

    @testset "writer" begin
        p = Params(spacing = (0, 6), width = 110, lengths = (1, 4), seed = 3,
                   format = FORMAT_U8, shard_size = 4)
        dir = joinpath(mktempdir(), "set")
        w = Writer(dir, ds, p; count = 10, output = OUTPUT_TAR)
        @test shard_count(w) == 3 && shard_range(w, 2) == 8:9
        @test_throws MnistSeqError shard_range(w, 3)
        start!(w)
        write_shard(w, 1)
        @test [shard_done(w, s) for s in 0:2] == [false, true, false]
        @test_throws MnistSeqError finish!(w)
        write_shard(w, 0); write_shard(w, 2); finish!(w)
        @test isfile(joinpath(dir, "shard-000002.tar"))
        @test read(joinpath(dir, "manifest.json"), String) == manifest(w)

        npy = joinpath(mktempdir(), "npy")
        seen = Int[]
        e = try
            write_dataset(npy, ds, p; count = 12, progress = (d, t) -> (push!(seen, d); d <= 4))
            nothing
        catch x
            x
        end
        @test e isa MnistSeqError && e.code == MnistSeq.MSEQ_ECANCELED
        @test issorted(seen)
        write_dataset(npy, ds, p; count = 12)
        @test isfile(joinpath(npy, "images.npy"))
        @test_throws MnistSeqError write_dataset(npy, ds, Params(width = 110, seed = 9); count = 12)
        boom = try
            write_dataset(joinpath(mktempdir(), "x"), ds, p; count = 4,
                          progress = (d, t) -> error("stop here"))
            nothing
        catch x
            x
        end
        @test boom isa ErrorException && boom.msg == "stop here"
    end

    @testset "close" begin
        d = Dataset(; split = SPLIT_TEST)
        close(d)
        close(d)
        @test !isopen(d)
        @test_throws MnistSeqError glyph_size(d)
    end
end
