FROM python:3.12-slim
WORKDIR /app
ENV GITHUB_OAUTH_TOKEN=gho_{{rand:alnum:36}}
CMD ["python", "app.py"]
