FROM python:3.12-slim
WORKDIR /app
ENV GITHUB_TOKEN=ghp_...
CMD ["python", "app.py"]
