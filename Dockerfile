# Keneshchi — production image (polling or webhook; SQLite on the /app/data volume).
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Bishkek \
    DATABASE_URL=sqlite:////app/data/keneshchi.sqlite3

RUN apt-get update \
    && apt-get install -y --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 keneshchi

WORKDIR /app
COPY pyproject.toml README.md ./
COPY main.py ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY db ./db
COPY services ./services
COPY sandbox ./sandbox
COPY locales ./locales
RUN pip install . && mkdir -p /app/data && chown -R keneshchi:keneshchi /app/data

USER keneshchi
VOLUME ["/app/data"]
EXPOSE 8443
CMD ["python", "main.py", "run"]
