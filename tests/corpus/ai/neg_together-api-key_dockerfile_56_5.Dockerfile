FROM python:3.12-slim
WORKDIR /app
ENV TOGETHER_API_KEY=REPLACE_ME
CMD ["python", "app.py"]
