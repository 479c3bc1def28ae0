FROM python:3.12-slim
WORKDIR /app
ENV GITLAB_TOKEN=glpat-{{rand:base64url:20}}
CMD ["python", "app.py"]
