FROM python:3.12-slim
WORKDIR /app
ENV GITLAB_TRIGGER_TOKEN=glptt-{{rand:hex:40}}
CMD ["python", "app.py"]
