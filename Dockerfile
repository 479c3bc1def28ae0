# keygate in a small image, for GitLab CI and other container runners:
#   docker build -t keygate .
#   docker run --rm -v "$PWD:/src" -w /src keygate keygate scan .
# Stage 1 builds a static musl binary; stage 2 is Alpine with git (CI
# scripts call git) and that binary. There is no ENTRYPOINT, so CI systems
# that run a shell script in the image (GitLab's `script:`) work as is.
FROM rust:1-alpine AS build
# libgit2 (vendored by git2) is C.
RUN apk add --no-cache musl-dev gcc make
WORKDIR /src
COPY Cargo.toml Cargo.lock README.md ./
COPY src ./src
COPY patterns ./patterns
COPY hooks ./hooks
COPY benches ./benches
RUN cargo build --release --locked --bin keygate \
 && ./target/release/keygate --version

FROM alpine:3.20
RUN apk add --no-cache git \
 # Repositories mounted from the host belong to another user; libgit2 and
 # git refuse them unless marked safe.
 && git config --system --add safe.directory '*'
COPY --from=build /src/target/release/keygate /usr/local/bin/keygate
COPY LICENSE-MIT LICENSE-APACHE /usr/share/doc/keygate/
WORKDIR /src
CMD ["keygate", "--help"]
