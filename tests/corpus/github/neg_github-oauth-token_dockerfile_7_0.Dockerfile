FROM python:3.12-slim
WORKDIR /app
ENV GITHUB_OAUTH_TOKEN=${GITHUB_OAUTH_TOKEN}
CMD ["python", "app.py"]
