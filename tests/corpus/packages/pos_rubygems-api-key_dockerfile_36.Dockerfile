FROM python:3.12-slim
WORKDIR /app
ENV GEM_HOST_API_KEY=rubygems_{{rand:hex:48}}
CMD ["python", "app.py"]
