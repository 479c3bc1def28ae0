FROM python:3.12-slim
WORKDIR /app
ENV CIRCLECI_TOKEN=<your-circleci-token>
CMD ["python", "app.py"]
