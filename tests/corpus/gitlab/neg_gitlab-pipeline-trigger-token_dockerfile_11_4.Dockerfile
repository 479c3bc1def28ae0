FROM python:3.12-slim
WORKDIR /app
ENV GITLAB_TRIGGER_TOKEN=glptt-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
CMD ["python", "app.py"]
