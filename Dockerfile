# syntax=docker/dockerfile:1
#
# One image definition for all six Parley services. It packages the jar that `./mvnw package`
# built (services/<service>/target/<service>.jar); it does not build Java itself, so build first:
#
#   ./mvnw -DskipTests package
#   docker build --build-arg SERVICE=edge-service --build-arg PORT=8080 -t parley/edge-service .
#
# docker-compose.yml passes SERVICE and PORT for each service. Layers follow Spring Boot's layer
# index (BOOT-INF/layers.idx): third-party dependencies change least and come first, so a rebuild
# after a code change replaces only the small application layer.

ARG JAVA_IMAGE=eclipse-temurin:25-jre

FROM ${JAVA_IMAGE} AS layers
ARG SERVICE
WORKDIR /build
COPY services/${SERVICE}/target/${SERVICE}.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JAVA_IMAGE}
ARG SERVICE
ARG PORT
LABEL org.opencontainers.image.title="parley-${SERVICE}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/parley/parley"

# An unprivileged user with a fixed uid (Kubernetes' runAsNonRoot checks a numeric user), and a
# state directory it owns: auth-service's dev signing key lives there (a named volume in compose
# inherits the ownership).
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /var/lib/parley --shell /usr/sbin/nologin parley \
 && mkdir -p /var/lib/parley \
 && chown parley:parley /var/lib/parley

WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./

USER 10001:10001

# The port the service listens on (Spring's server.port), also what the health check asks.
ENV SERVER_PORT=${PORT}
# Container-aware heap: a share of the memory limit, not of the host's memory; fail fast on
# OutOfMemoryError so the orchestrator restarts a clean JVM. JAVA_OPTS adds or overrides
# (the last -XX of a kind wins).
ENV JAVA_BASE_OPTS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Djava.security.egd=file:/dev/urandom -Dfile.encoding=UTF-8"
ENV JAVA_OPTS=""

EXPOSE ${PORT}

# Readiness (Kafka and Redis reachable) so that `depends_on: condition: service_healthy` waits for
# a service that can work. Plain bash /dev/tcp: no curl needed in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /readyz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# exec: the JVM is PID 1 and receives SIGTERM, so Spring's graceful shutdown (and the edge's
# session drain) runs on `docker stop` and on pod termination.
ENTRYPOINT ["bash", "-c", "exec java $JAVA_BASE_OPTS $JAVA_OPTS org.springframework.boot.loader.launch.JarLauncher \"$@\"", "parley"]
